package io.pangea.dht.kad.internal;

import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.PeerId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoresTest {
    private final Random random = new Random(3);
    private final MutableClock clock = new MutableClock();

    @Test
    void providerRecordsExpireUnlessReannounced() {
        ProviderStore store = new ProviderStore(clock, Duration.ofHours(48), 10, 3);
        KadPeer a = InMemoryKadNetwork.randomPeer(random);
        KadPeer b = InMemoryKadNetwork.randomPeer(random);
        byte[] key = {1};
        store.add(key, a);
        clock.advance(Duration.ofHours(30));
        store.add(key, b);
        assertThat(store.providers(key)).containsExactly(a, b);
        clock.advance(Duration.ofHours(20)); // a is 50 h old, b 20 h
        assertThat(store.providers(key)).containsExactly(b);
        clock.advance(Duration.ofHours(30));
        store.sweep();
        assertThat(store.providers(key)).isEmpty();
        assertThat(store.keyCount()).isZero();
    }

    @Test
    void providerStoreIsBounded() {
        ProviderStore store = new ProviderStore(clock, Duration.ofHours(48), 2, 2);
        KadPeer[] peers = {InMemoryKadNetwork.randomPeer(random), InMemoryKadNetwork.randomPeer(random),
                InMemoryKadNetwork.randomPeer(random)};
        for (KadPeer p : peers) {
            store.add(new byte[] {1}, p);
        }
        assertThat(store.providers(new byte[] {1})).containsExactly(peers[1], peers[2]);
        assertThat(store.add(new byte[] {2}, peers[0])).isTrue();
        assertThat(store.add(new byte[] {3}, peers[0])).isFalse();
    }

    @Test
    void defaultValidatorAcceptsContentAddressedAndPublicKeyRecords() {
        byte[] value = "shard manifest".getBytes();
        RecordValidator.DEFAULT.validate(RecordValidator.sha256Key(value), value);
        assertThatThrownBy(() -> RecordValidator.DEFAULT.validate(RecordValidator.sha256Key(value), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);

        byte[] raw = new byte[32];
        random.nextBytes(raw);
        IdentityKey key = IdentityKey.ed25519(raw);
        PeerId peer = PeerId.fromPublicKey(key);
        byte[] pkKey = concat(RecordValidator.PK_PREFIX, peer.bytes());
        RecordValidator.DEFAULT.validate(pkKey, key.encode());
        byte[] other = raw.clone();
        other[0] ^= 1;
        assertThatThrownBy(() -> RecordValidator.DEFAULT.validate(pkKey, IdentityKey.ed25519(other).encode()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecordValidator.DEFAULT.validate("/ipns/x".getBytes(), value))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueStoreValidatesAndStamps() {
        ValueStore store = new ValueStore(RecordValidator.DEFAULT, clock, 1);
        byte[] value = {1, 2, 3};
        store.put(RecordValidator.sha256Key(value), value);
        assertThat(store.get(RecordValidator.sha256Key(value))).hasValueSatisfying(r -> {
            assertThat(r.value()).isEqualTo(value);
            assertThat(r.timeReceived()).isEqualTo("2025-01-01T00:00:00Z");
        });
        byte[] second = {4};
        assertThatThrownBy(() -> store.put(RecordValidator.sha256Key(second), second))
                .hasMessageContaining("full");
        assertThatThrownBy(() -> store.put("/x".getBytes(), value)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
