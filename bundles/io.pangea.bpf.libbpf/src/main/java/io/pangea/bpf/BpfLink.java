package io.pangea.bpf;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A program attached through a kernel link: it stays attached while the link is open, and the kernel detaches it
 * when the link is closed, its object is closed, or the process ends — so a killed JVM leaves nothing attached.
 */
@ProviderType
public interface BpfLink extends AutoCloseable {

    /** The attached program's name. */
    String program();

    boolean closed();

    /** Detaches the program; closing twice does nothing. */
    @Override
    void close();
}
