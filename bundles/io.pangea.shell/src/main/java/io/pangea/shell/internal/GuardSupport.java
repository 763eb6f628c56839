package io.pangea.shell.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRuleBook;

import java.util.Locale;

/** What the guard commands share: the rule book check and the parsing of the operator's words. */
final class GuardSupport {

    private GuardSupport() {
    }

    static GuardRuleBook require(GuardRuleBook rules) {
        if (rules == null) {
            throw new IllegalStateException("no guard rule book is running (is bundle io.pangea.guard.rules started?)");
        }
        return rules;
    }

    /** {@code allow-list} or {@code deny-list}, in any case. */
    static GuardMode mode(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (s) {
            case "allow-list" -> GuardMode.ALLOW_LIST;
            case "deny-list" -> GuardMode.DENY_LIST;
            default -> throw new IllegalArgumentException(
                    "unknown guard mode '" + text + "'; known: allow-list, deny-list");
        };
    }

    static String name(GuardMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** An address or prefix; the message of a malformed one says what was given and what is expected. */
    static AddressPrefix prefix(String text) {
        try {
            return AddressPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage()
                    + " (expected an address like 192.0.2.7 or a prefix like 198.51.100.0/24, 2001:db8::/32)", e);
        }
    }
}
