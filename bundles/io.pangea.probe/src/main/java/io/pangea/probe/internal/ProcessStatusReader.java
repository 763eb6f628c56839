package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The node's effective capabilities and user, from the CapEff and Uid lines of /proc/self/status. */
final class ProcessStatusReader {
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_BPF = 39;

    /**
     * The two lines the probe uses, as written (null when absent).
     *
     * @param capEff the CapEff hex mask, for example {@code 000001ffffffffff}
     * @param uid    the Uid fields: real, effective, saved, filesystem
     */
    record Status(String capEff, String uid) {

        /** Whether capability {@code bit} is in the effective set. */
        boolean hasCapability(int bit) {
            return (Long.parseUnsignedLong(capEff, 16) & (1L << bit)) != 0;
        }

        /** The effective uid: the second field of the Uid line. */
        long effectiveUid() {
            String[] ids = uid.trim().split("\\s+");
            return Long.parseLong(ids.length > 1 ? ids[1] : ids[0]);
        }
    }

    private final Path status;

    ProcessStatusReader(Path proc) {
        this.status = proc.resolve("self/status");
    }

    static Status parse(String text) {
        String capEff = null;
        String uid = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("CapEff:")) {
                capEff = line.substring("CapEff:".length()).trim();
            } else if (line.startsWith("Uid:")) {
                uid = line.substring("Uid:".length()).trim().replaceAll("\\s+", " ");
            }
        }
        return new Status(capEff, uid);
    }

    List<Fact> read() {
        Status parsed;
        try {
            parsed = parse(Sources.read(status));
        } catch (IOException | RuntimeException e) {
            String failure = status + " " + Sources.unreadable(e);
            return List.of(FactCatalog.absent(FactNames.CAP_BPF, failure),
                    FactCatalog.absent(FactNames.CAP_NET_ADMIN, failure),
                    FactCatalog.absent(FactNames.ROOT, failure));
        }
        return List.of(capability(parsed, FactNames.CAP_BPF, CAP_BPF, "CAP_BPF"),
                capability(parsed, FactNames.CAP_NET_ADMIN, CAP_NET_ADMIN, "CAP_NET_ADMIN"),
                root(parsed));
    }

    private Fact capability(Status parsed, String fact, int bit, String capability) {
        if (parsed.capEff() == null) {
            return FactCatalog.absent(fact, status + ": no CapEff line");
        }
        String where = status + " CapEff=" + parsed.capEff();
        try {
            boolean set = parsed.hasCapability(bit);
            return Fact.of(fact, set, where + ": bit " + bit + " (" + capability + ") " + (set ? "set" : "clear"));
        } catch (NumberFormatException e) {
            return FactCatalog.absent(fact, where + ": not a hex mask");
        }
    }

    private Fact root(Status parsed) {
        if (parsed.uid() == null) {
            return FactCatalog.absent(FactNames.ROOT, status + ": no Uid line");
        }
        String where = status + " Uid: " + parsed.uid();
        try {
            long euid = parsed.effectiveUid();
            return Fact.of(FactNames.ROOT, euid == 0, where + " (effective uid " + euid + ")");
        } catch (NumberFormatException e) {
            return FactCatalog.absent(FactNames.ROOT, where + ": not a uid list");
        }
    }
}
