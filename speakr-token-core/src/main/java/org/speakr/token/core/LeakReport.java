package org.speakr.token.core;

import java.util.Objects;
import org.speakr.token.core.internal.SettingValues;

/**
 * Who reported a token as published, and where they found it, for {@link ApiTokens#reportLeaked(String, LeakReport)}.
 * Both values end up in {@link TokenEvent.Leaked} and may reach an audit log, so they are bounded here: the
 * reporter is the application's own label and is checked, the source URL comes from outside and is cleaned.
 *
 * <pre>{@code
 * LeakOutcome outcome = tokens.reportLeaked(match, new LeakReport("github", "https://github.com/o/r/blob/x/ci.yml"));
 * }</pre>
 *
 * @param reporter e.g. {@code github}, {@code gitlab}, {@code public}; 1–64 characters after trimming, no control
 *        characters
 * @param sourceUrl where it was found, as given by the reporter, or {@code null}; kept to its first 2,048
 *        characters with control characters removed; empty after that means {@code null}
 */
public record LeakReport(String reporter, String sourceUrl) {
    /** Most characters kept of {@link #sourceUrl()}. */
    public static final int MAX_SOURCE_URL_LENGTH = 2048;
    /** Most characters of {@link #reporter()}. */
    public static final int MAX_REPORTER_LENGTH = 64;

    /**
     * Checks the reporter and bounds the source URL.
     *
     * @throws IllegalArgumentException {@code reporter: expected 1-64 characters without control characters, got '…'}
     */
    public LeakReport {
        Objects.requireNonNull(reporter, "reporter");
        reporter = reporter.strip();
        if (reporter.isEmpty() || reporter.length() > MAX_REPORTER_LENGTH
                || reporter.chars().anyMatch(LeakReport::isControl)) {
            throw SettingValues.invalid("reporter", "1-" + MAX_REPORTER_LENGTH
                    + " characters without control characters", reporter);
        }
        sourceUrl = bounded(sourceUrl);
    }

    private static String bounded(String url) {
        if (url == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(url.length(), MAX_SOURCE_URL_LENGTH));
        for (int i = 0; i < url.length() && kept.length() < MAX_SOURCE_URL_LENGTH; i++) {
            char c = url.charAt(i);
            if (!isControl(c)) {
                kept.append(c);
            }
        }
        // Never end on half of a surrogate pair.
        if (kept.length() > 0 && Character.isHighSurrogate(kept.charAt(kept.length() - 1))) {
            kept.setLength(kept.length() - 1);
        }
        String cleaned = kept.toString().strip();
        return cleaned.isEmpty() ? null : cleaned;
    }

    /** C0, DEL, C1, and the line and paragraph separators: what could forge a log line. */
    private static boolean isControl(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
