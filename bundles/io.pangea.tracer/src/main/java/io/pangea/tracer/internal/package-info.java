/** Pangea tracer: tp_btf eBPF (being built). */
package io.pangea.tracer.internal;
