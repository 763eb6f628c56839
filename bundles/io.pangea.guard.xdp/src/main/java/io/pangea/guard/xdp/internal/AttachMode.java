package io.pangea.guard.xdp.internal;

import io.pangea.bpf.XdpMode;

import java.util.List;
import java.util.Locale;

/** How the guard attaches (configuration {@code mode}): in the driver, generically, or native where possible. */
enum AttachMode {
    GENERIC(List.of(XdpMode.GENERIC)),
    NATIVE(List.of(XdpMode.NATIVE)),
    /** Native where the driver supports it, generic elsewhere. */
    AUTO(List.of(XdpMode.NATIVE, XdpMode.GENERIC));

    private final List<XdpMode> attempts;

    AttachMode(List<XdpMode> attempts) {
        this.attempts = attempts;
    }

    /** The modes to try, in order. */
    List<XdpMode> attempts() {
        return attempts;
    }

    /** @throws IllegalArgumentException naming the modes there are */
    static AttachMode parse(String text) {
        String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        for (AttachMode mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode '" + text + "' is not one of generic, native, auto");
    }
}
