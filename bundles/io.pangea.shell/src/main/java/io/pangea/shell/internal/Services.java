package io.pangea.shell.internal;

import io.pangea.api.facts.HardwareFacts;
import io.pangea.api.objects.ObjectStore;
import io.pangea.api.selection.ProviderSelector;

/** Service checks shared by the commands of the scope. */
final class Services {

    private Services() {
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

    static ObjectStore require(ObjectStore store) {
        if (store == null) {
            throw new IllegalStateException("no object store is running (is bundle io.pangea.objects started?)");
        }
        return store;
    }
}
