package io.pangea.p2p;

import io.pangea.p2p.wire.WireFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeIdentityTest {
    private static final HexFormat HEX = HexFormat.of();
    /** The Ed25519 private key vector of the libp2p peer-ids specification (seed ‖ public key). */
    private static final String SPEC_PRIVATE = "080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
            + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";

    @TempDir
    Path dir;

    @Test
    void specPrivateKeyGivesTheSpecPublicKeyAndPeerId() {
        NodeIdentity identity = NodeIdentity.decodePrivateKey(HEX.parseHex(SPEC_PRIVATE));
        assertThat(HEX.formatHex(identity.publicKey().encode())).isEqualTo(PeerIdTest.ED25519_PUBLIC);
        assertThat(identity.peerId().toString()).isEqualTo("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
        assertThat(HEX.formatHex(identity.encodePrivateKey())).isEqualTo(SPEC_PRIVATE);
        assertThat(identity.toString()).isEqualTo("NodeIdentity[12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq]");
    }

    @Test
    void legacyNinetySixBytePrivateKeyIsAccepted() {
        String legacy = "08011260" + SPEC_PRIVATE.substring(8) + SPEC_PRIVATE.substring(8 + 64);
        assertThat(NodeIdentity.decodePrivateKey(HEX.parseHex(legacy)).peerId().toString())
                .isEqualTo("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
        String mismatched = legacy.substring(0, legacy.length() - 2) + "00";
        assertThatThrownBy(() -> NodeIdentity.decodePrivateKey(HEX.parseHex(mismatched)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("two different public keys");
    }

    @Test
    void malformedPrivateKeysAreRejected() {
        String otherPublic = SPEC_PRIVATE.substring(0, SPEC_PRIVATE.length() - 2) + "00";
        assertThatThrownBy(() -> NodeIdentity.decodePrivateKey(HEX.parseHex(otherPublic)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("not the seed's");
        assertThatThrownBy(() -> NodeIdentity.decodePrivateKey(HEX.parseHex("0800122000")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("only Ed25519");
        assertThatThrownBy(() -> NodeIdentity.decodePrivateKey(HEX.parseHex("08011220" + "00".repeat(32))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("expected 64 or 96");
        assertThatThrownBy(() -> NodeIdentity.decodePrivateKey(HEX.parseHex("0801128008" + "00".repeat(16))))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> NodeIdentity.decodePrivateKey(new byte[0])).isInstanceOf(WireFormatException.class);
    }

    /** RFC 8032 section 7.1, tests 1 and 2: public key derivation and deterministic signatures. */
    @Test
    void rfc8032Vectors() {
        NodeIdentity one = NodeIdentity.fromSeed(HEX.parseHex(
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertThat(HEX.formatHex(one.publicKey().data()))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(HEX.formatHex(one.sign(new byte[0]))).isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d97"
                + "4d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        NodeIdentity two = NodeIdentity.fromSeed(HEX.parseHex(
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        assertThat(HEX.formatHex(two.publicKey().data()))
                .isEqualTo("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        assertThat(HEX.formatHex(two.sign(new byte[] {0x72}))).isEqualTo("92a009a9f0d4cab8720e820b5f642540a2b27b541"
                + "6503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    }

    @Test
    void generatedIdentitiesSignAndVerify() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            NodeIdentity identity = NodeIdentity.generate(random);
            byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signature = identity.sign(message);
            assertThat(signature).hasSize(64);
            assertThat(identity.publicKey().verify(message, signature)).isTrue();
            assertThat(identity.peerId().inlinePublicKey()).contains(identity.publicKey());
            NodeIdentity other = NodeIdentity.generate(random);
            assertThat(other.publicKey().verify(message, signature)).isFalse();
            assertThat(NodeIdentity.decodePrivateKey(identity.encodePrivateKey()).peerId()).isEqualTo(identity.peerId());
        }
    }

    @Test
    void savedKeyFileIsOwnerOnlyPemThatLoadsBack() throws IOException {
        NodeIdentity identity = NodeIdentity.generate();
        Path file = dir.resolve("data").resolve(NodeIdentity.KEY_FILE_NAME);
        identity.save(file);
        assertThat(NodeIdentity.load(file).peerId()).isEqualTo(identity.peerId());
        String text = Files.readString(file);
        assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI")
                .endsWith("-----END PRIVATE KEY-----\n");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(leftovers()).containsExactly("data");
        assertThat(leftoversIn(file.getParent())).containsExactly(NodeIdentity.KEY_FILE_NAME);
    }

    @Test
    void saveReplacesAtomically() throws IOException {
        Path file = dir.resolve("node.key");
        NodeIdentity first = NodeIdentity.generate();
        NodeIdentity second = NodeIdentity.generate();
        first.save(file);
        second.save(file);
        assertThat(NodeIdentity.load(file).peerId()).isEqualTo(second.peerId());
        assertThat(leftovers()).containsExactly("node.key");
    }

    @Test
    void readsAKeyWrittenByOpenssl() throws IOException {
        // openssl genpkey -algorithm ed25519; public key from openssl pkey -pubout.
        Path file = dir.resolve("openssl.pem");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\r\n"
                + "MC4CAQAwBQYDK2VwBCIEILx7J4haBJ3UHKJSESWUn3gAO9L16V9y7s6RaOsyW7H8\r\n"
                + "-----END PRIVATE KEY-----\r\n");
        assertThat(HEX.formatHex(NodeIdentity.load(file).publicKey().data()))
                .isEqualTo("d17e18e721b780129e5a8b965ed970cb82a7f0ac8fa4afd9cc824a7d01a0c952");
    }

    @Test
    void loadOrCreateCreatesOnceThenLoads() throws IOException {
        Path file = dir.resolve("node.key");
        NodeIdentity created = NodeIdentity.loadOrCreate(file);
        assertThat(Files.exists(file)).isTrue();
        assertThat(NodeIdentity.loadOrCreate(file).peerId()).isEqualTo(created.peerId());
    }

    @Test
    void concurrentCreatorsAgreeOnOneIdentity() throws Exception {
        Path file = dir.resolve("node.key");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<NodeIdentity>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit((Callable<NodeIdentity>) () -> NodeIdentity.loadOrCreate(file)));
            }
            Set<PeerId> ids = results.stream().map(f -> {
                try {
                    return f.get().peerId();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toSet());
            assertThat(ids).containsExactly(NodeIdentity.load(file).peerId());
        } finally {
            pool.shutdownNow();
        }
        assertThat(leftovers()).containsExactly("node.key");
    }

    @Test
    void badKeyFilesAreWireFormatErrors() throws IOException {
        Path file = dir.resolve("bad.key");
        for (String content : List.of("", "hello", "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
                "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n",
                // the Ed448 OID (1.3.101.113), not Ed25519
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VxBCIEILx7J4haBJ3UHKJSESWUn3gAO9L16V9y7s6RaOsyW7H8\n"
                        + "-----END PRIVATE KEY-----\n",
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEILx7J4haBJ3UHKJSESWUn3gAO9L16V9y7s6RaOsyW7H8AA==\n"
                        + "-----END PRIVATE KEY-----\n")) {
            Files.writeString(file, content);
            assertThatThrownBy(() -> NodeIdentity.load(file)).as(content).isInstanceOf(WireFormatException.class);
        }
        Files.write(file, new byte[1 << 20]);
        assertThatThrownBy(() -> NodeIdentity.load(file)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("larger than");
        assertThatThrownBy(() -> NodeIdentity.load(dir.resolve("missing.key"))).isInstanceOf(IOException.class);
    }

    @Test
    void seedsMustBe32Bytes() {
        assertThatThrownBy(() -> NodeIdentity.fromSeed(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> leftovers() throws IOException {
        return leftoversIn(dir);
    }

    private static List<String> leftoversIn(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
