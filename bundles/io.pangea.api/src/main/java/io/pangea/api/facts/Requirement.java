package io.pangea.api.facts;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A requirement on one fact, as providers write it in {@code pangea.requires}:
 * <ul>
 * <li>{@code cpu.avx2} — the boolean fact holds;</li>
 * <li>{@code !user.root} — the boolean fact does not hold;</li>
 * <li>{@code kernel.version>=5.1}, {@code memory.available>=2g}, {@code cpu.cores<4}, {@code os.arch=amd64} —
 * a comparison; numbers may carry a k/m/g/t suffix ({@link Sizes}), versions compare numerically part by part.</li>
 * </ul>
 */
public final class Requirement {
    private static final Pattern SYNTAX =
            Pattern.compile("\\s*(!?)\\s*([A-Za-z0-9_.\\-]+)\\s*(?:(>=|<=|!=|=|>|<)\\s*([^\\s<>=!]\\S*))?\\s*");

    private final String text;
    private final boolean negated;
    private final String fact;
    private final String operator;
    private final String operand;

    private Requirement(String text, boolean negated, String fact, String operator, String operand) {
        this.text = text;
        this.negated = negated;
        this.fact = fact;
        this.operator = operator;
        this.operand = operand;
    }

    /** @throws IllegalArgumentException when the expression is not a requirement */
    public static Requirement parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a requirement: '" + text + "' (expected fact, !fact or fact>=value)");
        }
        boolean negated = !m.group(1).isEmpty();
        if (negated && m.group(3) != null) {
            throw new IllegalArgumentException("not a requirement: '" + text + "' (! applies to boolean facts only)");
        }
        return new Requirement(text.trim(), negated, m.group(2), m.group(3), m.group(4));
    }

    public String fact() {
        return fact;
    }

    /** Why the given fact does not satisfy this requirement, or empty when it does. */
    public Optional<String> unmetBy(Optional<Fact> candidate) {
        if (candidate.isEmpty()) {
            return Optional.of("requires " + text + ", but fact " + fact + " is unknown");
        }
        Fact f = candidate.get();
        boolean holds;
        if (operator == null) {
            holds = f.isTrue() != negated;
        } else {
            int c = compare(f.value(), operand);
            holds = switch (operator) {
                case ">=" -> c >= 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case "<" -> c < 0;
                case "=" -> c == 0;
                case "!=" -> c != 0;
                default -> false;
            };
        }
        if (holds) {
            return Optional.empty();
        }
        return Optional.of("requires " + text + ", but " + fact + " = " + f.value() + (f.masked() ? " (masked)" : ""));
    }

    /** Numeric when both sides are numbers (with optional unit suffix), else version order, else text. */
    static int compare(String actual, String expected) {
        OptionalLong a = Sizes.parse(actual);
        OptionalLong e = Sizes.parse(expected);
        if (a.isPresent() && e.isPresent()) {
            return Long.compare(a.getAsLong(), e.getAsLong());
        }
        if (Character.isDigit(first(actual)) && Character.isDigit(first(expected))) {
            return compareVersions(actual, expected);
        }
        return actual.compareToIgnoreCase(expected);
    }

    private static char first(String s) {
        return s.isEmpty() ? ' ' : s.charAt(0);
    }

    /** Compares the numeric parts in order: 6.1.0-18-amd64 &gt; 5.1, 5.10 &gt; 5.9; any number of digits. */
    private static int compareVersions(String a, String b) {
        String[] x = a.split("[^0-9]+");
        String[] y = b.split("[^0-9]+");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = compareDigits(i < x.length ? x[i] : "", i < y.length ? y[i] : "");
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Orders digit strings by value without parsing them, so no length of input can overflow. */
    private static int compareDigits(String p, String q) {
        String x = p.replaceFirst("^0+", "");
        String y = q.replaceFirst("^0+", "");
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    @Override
    public String toString() {
        return text;
    }
}
