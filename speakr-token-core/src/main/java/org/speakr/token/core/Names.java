package org.speakr.token.core;

import java.text.Normalizer;
import java.util.Objects;
import org.speakr.token.core.internal.SettingValues;

/** Validation of owners and token names. */
final class Names {
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_OWNER_LENGTH = 255;

    private Names() {
    }

    /** The rule of {@link #tokenName} on characters, as named in its message. */
    static final String NAME_CHARACTERS_RULE =
            "no control, format, surrogate or line-separator characters (Unicode Cc, Cf, Cs, Zl, Zp)";

    /**
     * @return the name trimmed and in Unicode NFC, if it then has 1–100 characters and none of the categories
     *         Cc (control), Cf (format: bidi overrides, zero-width characters), Cs (unpaired surrogates), Zl, Zp
     */
    static String tokenName(String name) {
        Objects.requireNonNull(name, "name");
        String trimmed = Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty or blank");
        }
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "name must be at most " + MAX_NAME_LENGTH + " characters after trimming, was " + length);
        }
        rejectInvisibleCharacters(trimmed);
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

    /** Refuses what would not display as itself, or not survive a database's character set. */
    private static void rejectInvisibleCharacters(String name) {
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            switch (Character.getType(c)) {
                case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                        Character.PARAGRAPH_SEPARATOR -> throw SettingValues.invalid("name", NAME_CHARACTERS_RULE,
                        String.format("U+%04X at index %d", c, i));
                default -> i += Character.charCount(c);
            }
        }
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
