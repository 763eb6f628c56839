package io.pangea.shell.internal;

import io.pangea.api.Capability;
import io.pangea.api.facts.HardwareFacts;
import io.pangea.api.selection.ProviderSelector;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Argument parsing and service checks shared by the commands of the scope. */
final class Services {

    private Services() {
    }

    /** @throws IllegalArgumentException naming the known capabilities when {@code id} is not one */
    static Capability capability(String id) {
        return Capability.byId(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown capability '" + id + "'; known: " + knownCapabilities()));
    }

    static String knownCapabilities() {
        return Arrays.stream(Capability.values()).map(Capability::id).collect(Collectors.joining(", "));
    }

    static ProviderSelector require(ProviderSelector selector) {
        if (selector == null) {
            throw new IllegalStateException("no provider selector is running (is bundle io.pangea.selector started?)");
        }
        return selector;
    }

    static HardwareFacts require(HardwareFacts facts) {
        if (facts == null) {
            throw new IllegalStateException("no hardware facts are published (is bundle io.pangea.probe started?)");
        }
        return facts;
    }
}
