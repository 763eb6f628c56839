package io.pangea.guard.userspace.internal;

import io.pangea.api.guard.AddressPrefix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * Longest-prefix match over one address family, immutable. Addresses are 128-bit keys (an IPv4 address sits
 * in the top 32 bits); the prefixes are grouped by length, each group a sorted array, and a lookup tries the
 * lengths present from the longest down. A lookup allocates nothing and costs one binary search per distinct
 * prefix length, which real rule sets keep to a handful.
 */
final class PrefixTable {
    static final PrefixTable EMPTY = new PrefixTable(new int[0], new long[0][]);

    /** The prefix lengths present, longest first. */
    private final int[] lengths;
    /** Per entry of {@link #lengths}: the masked keys as (hi, lo) pairs, sorted. */
    private final long[][] keys;

    private PrefixTable(int[] lengths, long[][] keys) {
        this.lengths = lengths;
        this.keys = keys;
    }

    /** The table of the prefixes of the one family: IPv4 ({@code v4}) or IPv6; the others are left out. */
    static PrefixTable of(Collection<AddressPrefix> prefixes, boolean v4) {
        TreeMap<Integer, List<long[]>> byLength = new TreeMap<>((a, b) -> Integer.compare(b, a));
        for (AddressPrefix prefix : prefixes) {
            byte[] bytes = prefix.address().getAddress();
            if ((bytes.length == 4) != v4) {
                continue;
            }
            long[] key = Addresses.key(bytes);
            byLength.computeIfAbsent(prefix.length(), l -> new ArrayList<>()).add(key);
        }
        if (byLength.isEmpty()) {
            return EMPTY;
        }
        int[] lengths = new int[byLength.size()];
        long[][] keys = new long[byLength.size()][];
        int i = 0;
        for (var entry : byLength.entrySet()) {
            lengths[i] = entry.getKey();
            keys[i] = sortedPairs(entry.getValue(), entry.getKey());
            i++;
        }
        return new PrefixTable(lengths, keys);
    }

    private static long[] sortedPairs(List<long[]> keys, int length) {
        long[][] masked = keys.stream().map(k -> new long[]{k[0] & hiMask(length), k[1] & loMask(length)})
                .sorted(PrefixTable::compare).toArray(long[][]::new);
        long[] pairs = new long[masked.length * 2];
        int n = 0;
        for (int i = 0; i < masked.length; i++) {
            if (i > 0 && compare(masked[i - 1], masked[i]) == 0) {
                continue;
            }
            pairs[n++] = masked[i][0];
            pairs[n++] = masked[i][1];
        }
        return Arrays.copyOf(pairs, n);
    }

    private static int compare(long[] a, long[] b) {
        int c = Long.compare(a[0], b[0]);
        return c != 0 ? c : Long.compare(a[1], b[1]);
    }

    /** The length of the longest prefix holding the address {@code (hi, lo)}, or -1 when none does. */
    int longestMatch(long hi, long lo) {
        for (int i = 0; i < lengths.length; i++) {
            int length = lengths[i];
            if (contains(keys[i], hi & hiMask(length), lo & loMask(length))) {
                return length;
            }
        }
        return -1;
    }

    boolean isEmpty() {
        return lengths.length == 0;
    }

    int size() {
        int n = 0;
        for (long[] k : keys) {
            n += k.length / 2;
        }
        return n;
    }

    private static boolean contains(long[] pairs, long hi, long lo) {
        int low = 0;
        int high = pairs.length / 2 - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long midHi = pairs[2 * mid];
            long midLo = pairs[2 * mid + 1];
            int c = midHi != hi ? Long.compare(midHi, hi) : Long.compare(midLo, lo);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    static long hiMask(int length) {
        return length >= 64 ? -1L : length == 0 ? 0L : -1L << (64 - length);
    }

    static long loMask(int length) {
        return length <= 64 ? 0L : length == 128 ? -1L : -1L << (128 - length);
    }
}
