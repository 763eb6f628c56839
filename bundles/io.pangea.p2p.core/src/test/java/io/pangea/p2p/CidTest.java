package io.pangea.p2p;

import io.pangea.p2p.wire.Allocations;
import io.pangea.p2p.wire.WireFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void multihashOfKnownDigests() {
        Multihash hash = Multihash.sha256(new byte[0]);
        assertThat(HEX.formatHex(hash.bytes())).isEqualTo("1220" + EMPTY_SHA256);
        assertThat(hash.code()).isEqualTo(Multihash.SHA2_256);
        assertThat(Multihash.decode(hash.bytes())).isEqualTo(hash);
        assertThat(hash.matches(new byte[0])).isTrue();
        assertThat(hash.matches(new byte[1])).isFalse();
        Multihash identity = Multihash.identity(new byte[] {1, 2, 3});
        assertThat(HEX.formatHex(identity.bytes())).isEqualTo("0003010203");
        assertThat(identity.matches(new byte[] {1, 2, 3})).isTrue();
    }

    @Test
    void multihashDecodingIsBounded() {
        assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("121f" + "00".repeat(31))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("expected 32");
        assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("1220" + "00".repeat(31))))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("1220" + "00".repeat(33))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("unexpected byte");
        assertThatThrownBy(() -> Multihash.decode(HEX.parseHex("12")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("truncated");
        byte[] claim = HEX.parseHex("008080808008");  // identity, digest length 2^31
        long allocated = Allocations.measure(() -> assertThatThrownBy(() -> Multihash.decode(claim))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds the limit"));
        assertThat(allocated).isLessThan(1 << 20);
        assertThatThrownBy(() -> Multihash.identity(new byte[Multihash.MAX_DIGEST_LENGTH + 1]))
                .isInstanceOf(WireFormatException.class);
    }

    /** The empty dag-pb CID in both versions, as IPFS writes it. */
    @Test
    void cidV0AndItsV1Equivalent() {
        Cid v0 = Cid.parse("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
        assertThat(v0.version()).isZero();
        assertThat(v0.codec()).isEqualTo(Cid.DAG_PB);
        assertThat(HEX.formatHex(v0.multihash().digest())).isEqualTo(EMPTY_SHA256);
        Cid v1 = v0.toV1();
        assertThat(v1.toString()).isEqualTo("bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(Cid.parse(v1.toString())).isEqualTo(v1);
        assertThat(v1).isNotEqualTo(v0);
        assertThat(v0.toString()).isEqualTo("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
        assertThat(Cid.decode(v0.bytes())).isEqualTo(v0);
        assertThat(Cid.decode(v1.bytes())).isEqualTo(v1);
    }

    /** Raw CIDs published by IPFS for "hello world" and for the empty file. */
    @Test
    void rawCidsOfKnownContent() {
        assertThat(Cid.ofContent("hello world".getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
        assertThat(Cid.ofContent(new byte[0]).toString())
                .isEqualTo("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(HEX.formatHex(Cid.ofContent(new byte[0]).bytes())).isEqualTo("01551220" + EMPTY_SHA256);
    }

    @Test
    void ofTextParsesCidsAndHashesEverythingElse() {
        String cid = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
        assertThat(Cid.ofText(cid).toString()).isEqualTo(cid);
        assertThat(Cid.ofText("hello world").toString()).isEqualTo(cid);
        assertThat(Cid.ofText("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n").version()).isZero();
        Cid notACid = Cid.ofText("bafy-not-a-cid");
        assertThat(notACid.codec()).isEqualTo(Cid.RAW);
        assertThat(notACid.multihash().matches("bafy-not-a-cid".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(Cid.ofText("").toString()).isEqualTo("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
    }

    @Test
    void base58MultibaseIsParsedToo() {
        Cid raw = Cid.ofContent(new byte[] {42});
        String z = "z" + io.pangea.p2p.wire.Base58.encode(raw.bytes());
        assertThat(Cid.parse(z)).isEqualTo(raw);
    }

    @Test
    void randomCidsRoundTrip() {
        Random random = new Random(5);
        long[] codecs = {Cid.RAW, Cid.DAG_PB, Cid.LIBP2P_KEY, 0x71, 0x0129};
        for (int i = 0; i < 2_000; i++) {
            byte[] content = new byte[random.nextInt(64)];
            random.nextBytes(content);
            Multihash hash = random.nextBoolean() ? Multihash.sha256(content) : Multihash.identity(content);
            Cid cid = Cid.v1(codecs[random.nextInt(codecs.length)], hash);
            assertThat(Cid.parse(cid.toString())).isEqualTo(cid);
            assertThat(Cid.decode(cid.bytes())).isEqualTo(cid);
            if (hash.code() == Multihash.SHA2_256) {
                Cid v0 = Cid.v0(hash);
                assertThat(Cid.parse(v0.toString())).isEqualTo(v0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "Qm",
            "QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR10",   // '0' is not base58
            "fabcdef",                                            // base16 multibase: unsupported
            "Bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
            "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5",  // truncated digest
            "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5eaa", // trailing byte
            "bajkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", // version 2
            "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5E",
    })
    void malformedCidTextIsRejected(String text) {
        assertThatThrownBy(() -> Cid.parse(text)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void malformedBinaryCidsAreRejected() {
        assertThatThrownBy(() -> Cid.decode(new byte[0])).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> Cid.decode(HEX.parseHex("0255122000"))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> Cid.decode(HEX.parseHex("0155"))).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> Cid.decode(HEX.parseHex("01558080808008"))).isInstanceOf(WireFormatException.class);
        String v0InMultibase = "z" + io.pangea.p2p.wire.Base58.encode(Multihash.sha256(new byte[0]).bytes());
        assertThatThrownBy(() -> Cid.parse(v0InMultibase)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("CIDv0");
        assertThatThrownBy(() -> Cid.v0(Multihash.identity(new byte[3]))).isInstanceOf(WireFormatException.class);
    }

    @Test
    void randomGarbageOnlyEverThrowsWireFormatException() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(48)];
            random.nextBytes(garbage);
            if (random.nextBoolean() && garbage.length > 0) {
                garbage[0] = 1;
            }
            try {
                Cid.decode(garbage);
            } catch (WireFormatException expected) {
                // the only failure allowed
            }
        }
    }
}
