/**
 * Cauchy Reed-Solomon over GF(2^8), written in Java.
 *
 * <p>{@link io.pangea.erasure.java.internal.Gf256} is the field (polynomial 0x11d, generator 2, as ISA-L);
 * {@link io.pangea.erasure.java.internal.GfMatrix} builds ISA-L's Cauchy encoding matrix (identity on top, then
 * rows {@code 1 / (i ^ j)}) and inverts the square submatrices that decoding needs, by Gauss-Jordan elimination.
 * Both encoding and decoding are then one operation, "multiply K input shards by an R × K coefficient matrix",
 * done by {@link io.pangea.erasure.java.internal.StripeMultiplier}: per data shard it keeps a 256-entry table
 * of {@code long}s whose eight bytes are the products with up to eight coefficient rows at once, so one table
 * look-up per input byte serves eight output shards. The work goes in stripes of a few KiB so the
 * accumulators and tables stay in the first-level cache. {@link io.pangea.erasure.java.internal.CodingTableCache}
 * keeps the expanded tables per (K, M) and per erasure pattern.
 *
 * <p>The coder is stateless apart from that cache, so one instance serves concurrent operations.
 */
package io.pangea.erasure.java.internal;

import io.pangea.api.erasure.CodingTableCache;
