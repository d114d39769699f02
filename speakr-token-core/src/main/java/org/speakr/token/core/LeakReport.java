package org.speakr.token.core;

import java.util.Objects;

/**
 * Who reported a token as published, and where they found it, for {@link ApiTokens#reportLeaked(String, LeakReport)}.
 *
 * @param reporter e.g. {@code github}, {@code gitlab}, {@code public}; 1–64 characters
 * @param sourceUrl where it was found, as given by the reporter, or {@code null}; kept to 2,048 characters
 */
public record LeakReport(String reporter, String sourceUrl) {
    /** Checks the reporter. */
    public LeakReport {
        Objects.requireNonNull(reporter, "reporter");
    }
}
