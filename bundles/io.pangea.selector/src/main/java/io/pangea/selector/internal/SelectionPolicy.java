package io.pangea.selector.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.Requirement;
import io.pangea.api.selection.ProviderStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The selection contract as a pure function: eligibility from the requirements against the facts, the best
 * eligible by ranking is active, an override naming an eligible provider wins.
 */
final class SelectionPolicy {

    /** Higher ranking first; on a tie, the provider registered first (lower service id). */
    static final Comparator<Candidate> BEST_FIRST =
            Comparator.comparingInt(Candidate::ranking).reversed().thenComparingLong(Candidate::serviceId);

    private SelectionPolicy() {
    }

    /**
     * @param providers every candidate's status, best first
     * @param eligible  the eligible candidates, best first
     * @param note      why the override could not be honoured; empty otherwise
     */
    record Decision(List<ProviderStatus> providers, List<Candidate> eligible, Optional<Candidate> active,
                    Optional<String> note) {
    }

    static Decision decide(List<Candidate> candidates, Function<String, Optional<Fact>> facts,
                           Optional<String> override) {
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(BEST_FIRST);

        List<List<String>> reasons = new ArrayList<>();
        List<Candidate> eligible = new ArrayList<>();
        Candidate best = null;
        Candidate overridden = null;
        for (Candidate c : ordered) {
            List<String> why = reasonsAgainst(c, facts);
            reasons.add(why);
            if (why.isEmpty()) {
                eligible.add(c);
                if (best == null) {
                    best = c;
                }
                if (overridden == null && override.map(c.provider()::equals).orElse(false)) {
                    overridden = c;
                }
            }
        }

        Optional<String> note = Optional.empty();
        if (override.isPresent() && overridden == null) {
            String name = override.get();
            int index = indexOf(ordered, name);
            note = Optional.of(index < 0
                    ? "override names " + name + ", which is not installed; the ranking decides"
                    : "override names " + name + ", which is not eligible (" + String.join("; ", reasons.get(index))
                      + "); the ranking decides");
        }
        Candidate active = overridden != null ? overridden : best;

        List<ProviderStatus> statuses = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Candidate c = ordered.get(i);
            statuses.add(new ProviderStatus(c.capability(), c.provider(), c.codec(), c.ranking(), c.requires(),
                    reasons.get(i).isEmpty(), c == active, reasons.get(i), c.bundle()));
        }
        return new Decision(List.copyOf(statuses), List.copyOf(eligible), Optional.ofNullable(active), note);
    }

    /** Every reason the candidate cannot be active; empty when it is eligible. */
    static List<String> reasonsAgainst(Candidate c, Function<String, Optional<Fact>> facts) {
        List<String> why = new ArrayList<>();
        c.unavailable().ifPresent(why::add);
        for (String text : c.requires()) {
            try {
                Requirement r = Requirement.parse(text);
                r.unmetBy(facts.apply(r.fact())).ifPresent(why::add);
            } catch (IllegalArgumentException e) {
                why.add("malformed requirement: " + e.getMessage());
            }
        }
        return why;
    }

    private static int indexOf(List<Candidate> ordered, String provider) {
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).provider().equals(provider)) {
                return i;
            }
        }
        return -1;
    }
}
