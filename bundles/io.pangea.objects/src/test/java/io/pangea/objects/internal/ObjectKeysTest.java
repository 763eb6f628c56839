package io.pangea.objects.internal;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectKeysTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        byte[] prk = ObjectKeys.extract(salt, ikm);
        assertThat(HEX.formatHex(prk)).isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(HEX.formatHex(ObjectKeys.expand(prk, info, 42))).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void hkdfMatchesRfc5869TestCase3EmptySaltAndInfo() {
        byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] prk = ObjectKeys.extract(new byte[0], ikm);
        assertThat(HEX.formatHex(ObjectKeys.expand(prk, new byte[0], 42))).isEqualTo(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void storageIndexIsTheHmacOfTheFileIdUnderTheKey() {
        byte[] key = new byte[32];
        byte[] fileId = new byte[32];
        fileId[0] = 1;
        ObjectKeys keys = new ObjectKeys(key, fileId);
        assertThat(keys.storageIndex()).isEqualTo(ObjectKeys.hmac(key, "pangea storage index".getBytes(), fileId));
        assertThat(keys.storageIndex()).isNotEqualTo(fileId);
        byte[] otherKey = key.clone();
        otherKey[31] = 1;
        assertThat(new ObjectKeys(otherKey, fileId).storageIndex()).isNotEqualTo(keys.storageIndex());
    }

    @Test
    void everySegmentAndCipherHasItsOwnKey() {
        ObjectKeys keys = new ObjectKeys(ObjectKeys.newFileKey(), new byte[32]);
        byte[] zero = keys.segmentKey(0, "xchacha20-poly1305", 32);
        assertThat(zero).hasSize(32).isEqualTo(keys.segmentKey(0, "xchacha20-poly1305", 32));
        assertThat(keys.segmentKey(1, "xchacha20-poly1305", 32)).isNotEqualTo(zero);
        assertThat(keys.segmentKey(0, "aes-256-gcm", 32)).isNotEqualTo(zero);
        assertThat(keys.manifestKey("xchacha20-poly1305", 32)).isNotEqualTo(zero);
        assertThat(ObjectKeys.newFileKey()).hasSize(32).isNotEqualTo(ObjectKeys.newFileKey());
    }
}
