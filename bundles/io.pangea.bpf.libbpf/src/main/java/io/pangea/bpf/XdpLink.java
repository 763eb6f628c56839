package io.pangea.bpf;

import org.osgi.annotation.versioning.ProviderType;

/** An XDP program attached to an interface; closing it detaches the program. */
@ProviderType
public interface XdpLink extends BpfLink {

    int ifindex();

    XdpMode mode();
}
