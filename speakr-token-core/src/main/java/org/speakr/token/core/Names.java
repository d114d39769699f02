package org.speakr.token.core;

import java.util.Objects;

/** Validation of owners and token names. */
final class Names {
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_OWNER_LENGTH = 255;

    private Names() {
    }

    /** @return the name trimmed, if it has 1–100 characters and no control characters */
    static String tokenName(String name) {
        Objects.requireNonNull(name, "name");
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty or blank");
        }
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "name must be at most " + MAX_NAME_LENGTH + " characters after trimming, was " + length);
        }
        rejectControlCharacters("name", trimmed);
        return trimmed;
    }

    /** @return the owner unchanged, if it has 1–255 characters, is not blank and has no control characters */
    static String owner(String owner) {
        Objects.requireNonNull(owner, "owner");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("owner must not be empty or blank");
        }
        if (owner.length() > MAX_OWNER_LENGTH) {
            throw new IllegalArgumentException(
                    "owner must be at most " + MAX_OWNER_LENGTH + " characters, was " + owner.length());
        }
        rejectControlCharacters("owner", owner);
        return owner;
    }

    private static void rejectControlCharacters(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(String.format(
                        "%s must not contain control characters, found U+%04X at index %d", what, (int) c, i));
            }
        }
    }
}
