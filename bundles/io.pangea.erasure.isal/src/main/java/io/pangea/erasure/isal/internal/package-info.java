/**
 * Cauchy Reed-Solomon over GF(2^8) through Intel ISA-L.
 *
 * <p>{@link io.pangea.erasure.isal.internal.IsalProvider} loads the JNI glue ({@code libpangea-isal.so}, from
 * the bundle's {@code Bundle-NativeCode}) and registers {@link io.pangea.erasure.isal.internal.IsalErasureCoder},
 * or, when the library does not load, a coder that only reports why, so the provider still shows up,
 * ineligible. The coder uses ISA-L's own matrix ({@code gf_gen_cauchy1_matrix}), inversion
 * ({@code gf_invert_matrix}) and SIMD kernels ({@code ec_encode_data}); the expanded tables
 * ({@code ec_init_tables}) are kept in direct buffers per (K, M) and per erasure pattern. The shards are the
 * same, byte for byte, as those of the pure-Java provider.
 */
package io.pangea.erasure.isal.internal;
