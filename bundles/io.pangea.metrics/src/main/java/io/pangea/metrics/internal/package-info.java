/** Pangea metrics (being built). */
package io.pangea.metrics.internal;
