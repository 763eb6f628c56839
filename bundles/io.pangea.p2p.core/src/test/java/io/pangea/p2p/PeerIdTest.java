package io.pangea.p2p;

import io.pangea.p2p.wire.Base58;
import io.pangea.p2p.wire.WireFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Peer ids and public keys against the test vectors of the libp2p peer-ids specification. */
class PeerIdTest {
    private static final HexFormat HEX = HexFormat.of();

    static final String ED25519_PUBLIC = "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    static final String SECP256K1_PUBLIC = "08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99";
    static final String ECDSA_PUBLIC = "0803125b3059301306072a8648ce3d020106082a8648ce3d03010703420004de3d300fa36ae0"
            + "e8f5d530899d83abab44abf3161f162a4bc901d8e6ecda020e8b6d5f8da30525e71d6851510c098e5c47c646a597fb4dcec034e9"
            + "f77c409e62";
    static final String RSA_PUBLIC = "080012a60430820222300d06092a864886f70d01010105000382020f003082020a0282020100e1b"
            + "eab071d08200bde24eef00d049449b07770ff9910257b2d7d5dda242ce8f0e2f12e1af4b32d9efd2c090f66b0f29986dbb645dae98"
            + "80089704a94e5066d594162ae6ee8892e6ec70701db0a6c445c04778eb3de1293aa1a23c3825b85c6620a2bc3f82f9b0c309bc0ab"
            + "3aeb1873282bebd3da03c33e76c21e9beb172fd44c9e43be32e2c99827033cf8d0f0c606f4579326c930eb4e854395ad941256542"
            + "c793902185153c474bed109d6ff5141ebf9cd256cf58893a37f83729f97e7cb435ec679d2e33901d27bb35aa0d7e20561da08885e"
            + "f0abbf8e2fb48d6a5487047a9ecb1ad41fa7ed84f6e3e8ecd5d98b3982d2a901b4454991766da295ab78822add5612a2df83bcee8"
            + "14cf50973e80d7ef38111b1bd87da2ae92438a2c8cbcc70b31ee319939a3b9c761dbc13b5c086d6b64bf7ae7dacc14622375d92a8"
            + "ff9af7eb962162bbddebf90acb32adb5e4e4029f1c96019949ecfbfeffd7ac1e3fbcc6b6168c34be3d5a2e5999fcbb39bba7adbca"
            + "78eab09b9bc39f7fa4b93411f4cc175e70c0a083e96bfaefb04a9580b4753c1738a6a760ae1afd851a1a4bdad231cf56e9284d832"
            + "483df215a46c1c21bdf0c6cfe951c18f1ee4078c79c13d63edb6e14feaeffabc90ad317e4875fe648101b0864097e998f0ca3025e"
            + "f9638cd2b0caecd3770ab54a1d9c6ca959b0f5dcbc90caeefc4135baca6fd475224269bbe1b0203010001";

    /**
     * The public key vectors of the specification and the peer ids they give, in both text forms (the ids are
     * published by other implementations' tests of the same vectors).
     */
    @ParameterizedTest
    @CsvSource({
            "ED25519, " + ED25519_PUBLIC + ", 12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq, "
                    + "bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6",
            "SECP256K1, " + SECP256K1_PUBLIC + ", 16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY, "
                    + "bafzaajiiaijcca3xo7uzjzcsyilaj6i54cj44qk7kqzpoao5rti2pjx6udtdbp6kte",
            "ECDSA, " + ECDSA_PUBLIC + ", QmVMT29id3TUASyfZZ6k9hmNyc2nYabCo4uMSpDw4zrgDk, "
                    + "bafzbeidigywdclqvl5hxfefwp5onbffcfife7pza57mmfb4tiqmtkdjw64",
            "RSA, " + RSA_PUBLIC + ", QmaeANgBs1DTSxWSrPPtobgQuxW8XTfsS4ydbK4rCHzqxG, "
                    + "bafzbeifwzcumbiyql7bhv7fe7mixg6i7aohegq75k234m63bnw6dbicmzu",
    })
    void specKeyVectorsGiveTheirPeerIds(KeyType type, String publicHex, String base58, String cid) {
        IdentityKey key = IdentityKey.decode(HEX.parseHex(publicHex));
        assertThat(key.type()).isEqualTo(type);
        assertThat(HEX.formatHex(key.encode())).isEqualTo(publicHex);
        PeerId id = key.peerId();
        assertThat(id.toString()).isEqualTo(base58);
        assertThat(id.toCidString()).isEqualTo(cid);
        assertThat(PeerId.parse(base58)).isEqualTo(id);
        assertThat(PeerId.parse(cid)).isEqualTo(id);
        assertThat(id.matches(key)).isTrue();
        boolean inline = publicHex.length() / 2 <= PeerId.MAX_INLINE_KEY_LENGTH;
        assertThat(id.multihash().code()).isEqualTo(inline ? Multihash.IDENTITY : Multihash.SHA2_256);
        assertThat(id.inlinePublicKey()).isEqualTo(inline ? java.util.Optional.of(key) : java.util.Optional.empty());
    }

    @Test
    void specExampleIdsInBothFormsAreTheSamePeer() {
        PeerId legacy = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        PeerId cid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        assertThat(cid).isEqualTo(legacy).hasSameHashCodeAs(legacy);
        assertThat(legacy.toCidString()).isEqualTo("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        assertThat(cid.toString()).isEqualTo("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    }

    @Test
    void specExampleEd25519IdInlinesItsKey() {
        PeerId id = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        IdentityKey key = id.inlinePublicKey().orElseThrow();
        assertThat(key.type()).isEqualTo(KeyType.ED25519);
        assertThat(key.data()).hasSize(32);
        assertThat(key.peerId()).isEqualTo(id);
        assertThat(PeerId.fromBytes(id.bytes())).isEqualTo(id);
        assertThat(id.toCid().codec()).isEqualTo(Cid.LIBP2P_KEY);
    }

    @Test
    void ed25519VerificationWithAnRfc8032Vector() {
        IdentityKey key = IdentityKey.ed25519(HEX.parseHex(
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        byte[] signature = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a"
                + "33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(key.verify(new byte[0], signature)).isTrue();
        assertThat(key.verify(new byte[1], signature)).isFalse();
        signature[0] ^= 1;
        assertThat(key.verify(new byte[0], signature)).isFalse();
        assertThat(key.verify(new byte[0], new byte[63])).isFalse();
        assertThat(key.verify(new byte[0], new byte[0])).isFalse();
        assertThatThrownBy(() -> IdentityKey.decode(HEX.parseHex(RSA_PUBLIC)).verify(new byte[0], new byte[64]))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ordersByBytes() {
        PeerId a = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        PeerId b = IdentityKey.decode(HEX.parseHex(ED25519_PUBLIC)).peerId();
        assertThat(b.compareTo(a)).isNegative(); // 0x00… (identity) before 0x12… (sha2-256)
        assertThat(a.compareTo(a)).isZero();
    }

    @Test
    void randomKeysRoundTripThroughBothTextForms() {
        Random random = new Random(2);
        for (int i = 0; i < 500; i++) {
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            PeerId id = IdentityKey.ed25519(raw).peerId();
            assertThat(id.toString()).startsWith("12D3KooW");
            assertThat(id.toCidString()).startsWith("bafzaa");
            assertThat(PeerId.parse(id.toString())).isEqualTo(id);
            assertThat(PeerId.parse(id.toCidString())).isEqualTo(id);
            assertThat(PeerId.fromBytes(id.bytes())).isEqualTo(id);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "xyz",
            "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5S",    // truncated
            "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SAA",  // extra byte
            "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5",           // truncated sha2-256
            "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", // a raw CID, not libp2p-key
            "QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1O",          // 'O' is not base58
    })
    void malformedPeerIdTextIsRejected(String text) {
        assertThatThrownBy(() -> PeerId.parse(text)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void onlyIdentityAndSha256MultihashesArePeerIds() {
        assertThatThrownBy(() -> PeerId.fromBytes(HEX.parseHex("1114" + "00".repeat(20))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("identity or sha2-256");
        byte[] tooLongInline = new byte[45];
        tooLongInline[0] = 0;
        tooLongInline[1] = 43;
        assertThatThrownBy(() -> PeerId.fromBytes(tooLongInline)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("more than 42");
        assertThatThrownBy(() -> PeerId.fromBytes(new byte[0])).isInstanceOf(WireFormatException.class);
        PeerId notAKey = PeerId.fromBytes(HEX.parseHex("0003010203"));
        assertThatThrownBy(notAKey::inlinePublicKey).isInstanceOf(WireFormatException.class);
        assertThat(Base58.encode(notAKey.bytes())).isEqualTo(notAKey.toString());
    }

    @Test
    void malformedPublicKeysAreRejected() {
        String zeros32 = "00".repeat(32);
        for (String hex : new String[] {
                "",
                "0801",                                // no data field
                "1220" + zeros32 + "0801",             // data before type
                "0801122000",                          // truncated data
                "0801121f" + "00".repeat(31),          // Ed25519 key of 31 bytes
                "08011221" + zeros32 + "00",           // Ed25519 key of 33 bytes
                "08011220" + zeros32 + "1800",         // an extra field
                "0809122000",                          // key type 9
                "08810112" + "20" + zeros32,           // non-minimal type varint
                "1001",                                // wrong field
                "0b",                                  // group wire type
        }) {
            assertThatThrownBy(() -> IdentityKey.decode(HEX.parseHex(hex))).as(hex)
                    .isInstanceOf(WireFormatException.class);
        }
        assertThat(IdentityKey.decode(HEX.parseHex("08011220" + zeros32)).data()).hasSize(32);
    }

    @Test
    void oversizedPublicKeyIsRejectedUnread() {
        byte[] huge = new byte[IdentityKey.MAX_ENCODED_LENGTH + 1];
        assertThatThrownBy(() -> IdentityKey.decode(huge)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("exceeds the limit");
    }
}
