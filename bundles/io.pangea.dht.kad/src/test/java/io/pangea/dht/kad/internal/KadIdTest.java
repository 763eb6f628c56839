package io.pangea.dht.kad.internal;

import io.pangea.p2p.Cid;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class KadIdTest {

    private static KadId raw(int firstByte, int lastByte) {
        byte[] b = new byte[32];
        b[0] = (byte) firstByte;
        b[31] = (byte) lastByte;
        return KadId.ofRaw(b);
    }

    @Test
    void pointIsSha256OfTheKeyBytes() throws Exception {
        byte[] key = "hello".getBytes();
        assertThat(KadId.ofKey(key).bytes()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(key));
    }

    @Test
    void cidVersionsMeetAtTheSamePoint() {
        Cid v1 = Cid.ofContent("shard".getBytes());
        Cid v0 = Cid.v0(v1.multihash());
        assertThat(KadId.ofCid(v0)).isEqualTo(KadId.ofCid(v1));
        assertThat(KadId.providerKey(v1)).isEqualTo(v1.multihash().bytes());
    }

    @Test
    void commonPrefixLengthAndDistance() {
        KadId zero = raw(0, 0);
        assertThat(zero.commonPrefixLength(zero)).isEqualTo(256);
        assertThat(zero.commonPrefixLength(raw(0x80, 0))).isZero();
        assertThat(zero.commonPrefixLength(raw(0x01, 0))).isEqualTo(7);
        assertThat(zero.commonPrefixLength(raw(0, 1))).isEqualTo(255);
        assertThat(zero.distanceTo(raw(0, 1)).leadingZeros()).isEqualTo(255);
        assertThat(zero.distanceTo(raw(0, 1))).isLessThan(zero.distanceTo(raw(0, 2)));
        assertThat(zero.distanceTo(raw(0x80, 0))).isGreaterThan(zero.distanceTo(raw(0x7f, 0xff)));
        KadId a = raw(0x12, 0x34);
        KadId b = raw(0x56, 0x78);
        assertThat(a.distanceTo(b)).isEqualTo(b.distanceTo(a));
    }

    @Test
    void randomPointHasTheRequestedPrefix() {
        Random random = new Random(1);
        KadId self = KadId.ofKey(new byte[] {7});
        for (int cpl : new int[] {0, 1, 9, 100, 255}) {
            assertThat(self.commonPrefixLength(self.randomWithCommonPrefix(cpl, random))).isEqualTo(cpl);
        }
    }
}
