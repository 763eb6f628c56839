package io.pangea.api.facts;

import java.util.Objects;

/**
 * One fact about the machine the node runs on.
 *
 * @param name     dotted name, see {@link FactNames}
 * @param value    {@code true}/{@code false}, a number (bytes, counts) or a version/text
 * @param evidence where the value was read from, for an operator who doubts it
 * @param masked   the value was forced by configuration rather than read from the machine
 */
public record Fact(String name, String value, String evidence, boolean masked) {

    public Fact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(evidence, "evidence");
    }

    public static Fact of(String name, boolean value, String evidence) {
        return new Fact(name, Boolean.toString(value), evidence, false);
    }

    public static Fact of(String name, long value, String evidence) {
        return new Fact(name, Long.toString(value), evidence, false);
    }

    public static Fact of(String name, String value, String evidence) {
        return new Fact(name, value, evidence, false);
    }

    /** True for a boolean fact that holds; false for anything else. */
    public boolean isTrue() {
        return "true".equals(value);
    }

    /** The numeric value, or -1 when the value is not a number. */
    public long asLong() {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
