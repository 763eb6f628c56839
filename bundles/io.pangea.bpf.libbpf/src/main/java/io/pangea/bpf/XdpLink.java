package io.pangea.bpf;

import org.osgi.annotation.versioning.ProviderType;

/** An XDP program attached to an interface; closing it detaches the program. */
@ProviderType
public interface XdpLink extends AutoCloseable {

    int ifindex();

    XdpMode mode();

    /** The attached program's name. */
    String program();

    boolean closed();

    /** Detaches the program; closing twice does nothing. */
    @Override
    void close();
}
