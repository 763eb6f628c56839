package io.pangea.api.selection;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A provider held for one operation. The operation finishes on this provider even when a swap happens
 * meanwhile; closing the lease releases it.
 */
@ProviderType
public interface Lease<T> extends AutoCloseable {

    T provider();

    /** The provider's name, as {@code pangea:providers} shows it. */
    String name();

    /** The codec id the provider reads and writes; stored objects record it. */
    String codec();

    @Override
    void close();
}
