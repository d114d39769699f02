package org.speakr.token.core.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The one scope rule of the library (RFC 6749 §3.3 scope-token, at most {@value #MAX_SCOPE_LENGTH} characters,
 * at most {@value #MAX_SCOPES} per token), used for the scopes of a token and for the scopes an integration
 * requires alike, so a required scope can never be one that no token can hold. Not a supported API: exported
 * only to the library's modules.
 */
public final class ScopeRules {
    /** The most scopes one token, or one requirement, may name. */
    public static final int MAX_SCOPES = 32;
    /** The longest scope. */
    public static final int MAX_SCOPE_LENGTH = 64;

    private static final String RULE = "RFC 6749 scope tokens of 1 to " + MAX_SCOPE_LENGTH
            + " printable ASCII characters without space, '\"' or '\\'";

    /** Shared by every scope-less token, so a cached token without scopes costs no set of its own. */
    private static final SortedSet<String> NONE = Collections.unmodifiableSortedSet(new TreeSet<>());
    private static final Class<?> UNMODIFIABLE_SORTED_SET = NONE.getClass();

    private ScopeRules() {
    }

    /**
     * An immutable, sorted copy; returns {@code scopes} itself when it already is one. Does not validate.
     *
     * @param scopes the scopes
     * @return an immutable sorted set
     */
    public static SortedSet<String> immutableCopy(Set<String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        if (scopes.isEmpty()) {
            return NONE;
        }
        if (scopes instanceof SortedSet<String> sorted && sorted.getClass() == UNMODIFIABLE_SORTED_SET) {
            return sorted;
        }
        return Collections.unmodifiableSortedSet(new TreeSet<>(scopes));
    }

    /**
     * Validates every scope.
     *
     * @param setting the setting's name, for the message
     * @param scopes the scopes
     * @return an immutable sorted copy
     */
    public static SortedSet<String> validated(String setting, Collection<String> scopes) {
        Objects.requireNonNull(scopes, setting);
        if (scopes.size() > MAX_SCOPES) {
            throw SettingValues.invalid(setting, "at most " + MAX_SCOPES + " scopes", scopes.size() + " scopes");
        }
        TreeSet<String> valid = new TreeSet<>();
        for (String scope : scopes) {
            valid.add(validate(setting, scope));
        }
        return immutableCopy(valid);
    }

    /**
     * Scopes separated by spaces or commas, as in an init-param or a property; an empty text means none.
     *
     * @param setting the setting's name, for the message
     * @param text the scopes
     * @return an immutable sorted set
     */
    public static SortedSet<String> parse(String setting, String text) {
        Objects.requireNonNull(text, setting);
        TreeSet<String> scopes = new TreeSet<>();
        for (String scope : text.strip().split("[\\s,]+")) {
            if (!scope.isEmpty()) {
                scopes.add(scope);
            }
        }
        return validated(setting, scopes);
    }

    /**
     * Checks one scope against RFC 6749 scope-token: {@code 1*( %x21 / %x23-5B / %x5D-7E )}, at most
     * {@value #MAX_SCOPE_LENGTH} characters.
     *
     * @param setting the setting's name, for the message
     * @param scope the scope
     * @return {@code scope}
     */
    public static String validate(String setting, String scope) {
        if (scope == null) {
            throw SettingValues.invalid(setting, RULE, null);
        }
        boolean valid = !scope.isEmpty() && scope.length() <= MAX_SCOPE_LENGTH;
        for (int i = 0; valid && i < scope.length(); i++) {
            char c = scope.charAt(i);
            valid = c >= 0x21 && c <= 0x7E && c != '"' && c != '\\';
        }
        if (!valid) {
            throw SettingValues.invalid(setting, RULE, printable(scope));
        }
        return scope;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u%04X", cp));
            }
        });
        return out.toString();
    }
}
