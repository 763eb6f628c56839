package io.pangea.guard.userspace.internal;

import io.pangea.api.guard.AddressPrefix;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The tables against the obvious answer: every prefix tried with {@link AddressPrefix#contains}. */
class PrefixTableTest {
    @Test
    void longestMatchAgreesWithBruteForceForBothFamilies() throws UnknownHostException {
        Random random = new Random(42);
        for (int bytes : new int[]{4, 16}) {
            List<AddressPrefix> prefixes = new ArrayList<>();
            byte[] base = new byte[bytes];
            random.nextBytes(base);
            for (int i = 0; i < 300; i++) {
                // Near one base address, so that prefixes nest and overlap.
                byte[] address = base.clone();
                address[random.nextInt(bytes)] ^= (byte) random.nextInt(256);
                prefixes.add(new AddressPrefix(InetAddress.getByAddress(address), random.nextInt(bytes * 8 + 1)));
            }
            PrefixTable table = PrefixTable.of(prefixes, bytes == 4);
            for (int i = 0; i < 5000; i++) {
                byte[] candidate = base.clone();
                if (random.nextBoolean()) {
                    candidate[random.nextInt(bytes)] ^= (byte) random.nextInt(256);
                } else {
                    random.nextBytes(candidate);
                }
                InetAddress address = InetAddress.getByAddress(candidate);
                int expected = prefixes.stream().filter(p -> p.contains(address))
                        .mapToInt(AddressPrefix::length).max().orElse(-1);
                assertThat(table.longestMatch(Addresses.hi(candidate), Addresses.lo(candidate)))
                        .as("%s in %d-byte prefixes", address, bytes).isEqualTo(expected);
            }
        }
    }

    @Test
    void keepsOnlyItsFamilyAndFoldsDuplicates() {
        List<AddressPrefix> prefixes = List.of(AddressPrefix.parse("192.0.2.0/24"), AddressPrefix.parse("192.0.2.9/24"),
                AddressPrefix.parse("2001:db8::/32"));
        assertThat(PrefixTable.of(prefixes, true).size()).isEqualTo(1);
        assertThat(PrefixTable.of(prefixes, false).size()).isEqualTo(1);
        assertThat(PrefixTable.of(List.of(), true).isEmpty()).isTrue();
    }
}
