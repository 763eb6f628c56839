/** Pangea conntrack: TC eBPF (being built). */
package io.pangea.conntrack.tc.internal;
