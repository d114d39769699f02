package org.speakr.token.core.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Setting values given as text, and the one message format for a bad setting:
 * {@code <setting>: expected <rule>, got '<value>'}. Used by every module of the library, so that a setting
 * given in code, as an init-param, a Spring property or a command-line flag is refused with the same words.
 *
 * <p>Durations are {@code 0}, ISO-8601 ({@code PT30S}, {@code P90D}) or a number with a unit: {@code 500ms},
 * {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d}. Not a supported API: exported only to the library's modules.
 */
public final class SettingValues {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private SettingValues() {
    }

    /**
     * The one exception for a bad setting value.
     *
     * @param setting the setting's name
     * @param rule what a valid value is, e.g. {@code "a positive duration"}
     * @param value what was given
     * @return {@code IllegalArgumentException("<setting>: expected <rule>, got '<value>'")}
     */
    public static IllegalArgumentException invalid(String setting, String rule, Object value) {
        return new IllegalArgumentException(setting + ": expected " + rule + ", got '" + value + "'");
    }

    /**
     * @param setting the setting's name, for the message
     * @param text {@code true} or {@code false} in any case; anything else is refused, not read as false
     * @return the value
     */
    public static boolean parseBoolean(String setting, String text) {
        String v = required(setting, text).toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw invalid(setting, "true or false", text);
    }

    /**
     * @param setting the setting's name, for the message
     * @param text a positive decimal integer
     * @return the value
     */
    public static int parsePositiveInt(String setting, String text) {
        try {
            int n = Integer.parseInt(required(setting, text));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid(setting, "a positive integer", text);
    }

    /**
     * @param setting the setting's name, for the message
     * @param text {@code 0}, ISO-8601 or a number with one of the units {@code ms s m h d}; not negative
     * @return the duration
     */
    public static Duration parseDuration(String setting, String text) {
        String v = required(setting, text);
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SHORT_DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(v);
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw invalid(setting, "a duration such as 30s, 5m, 90d or PT30S", text);
    }

    /**
     * @param setting the setting's name, for the message
     * @param text comma-separated durations as {@link #parseDuration} reads them, e.g. {@code 7d,1d}, or
     *        {@code none} for an empty list
     * @return the durations, in the given order
     */
    public static java.util.List<Duration> parseDurationList(String setting, String text) {
        String v = required(setting, text);
        if (v.equalsIgnoreCase("none")) {
            return java.util.List.of();
        }
        java.util.List<Duration> durations = new java.util.ArrayList<>();
        for (String part : v.split(",", -1)) {
            try {
                durations.add(parseDuration(setting, part));
            } catch (IllegalArgumentException e) {
                throw invalid(setting, "comma-separated durations such as 7d,1d, or none", text);
            }
        }
        return durations;
    }

    /**
     * @param durations durations
     * @return them in the form {@link #parseDurationList} reads: e.g. {@code 7d,1d}, or {@code none} when empty
     */
    public static String formatList(java.util.List<Duration> durations) {
        if (durations.isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        for (Duration duration : durations) {
            text.append(text.length() == 0 ? "" : ",").append(format(duration));
        }
        return text.toString();
    }

    /**
     * A duration in the short form {@link #parseDuration} reads: the largest whole unit of {@code d, h, m, s, ms},
     * else ISO-8601.
     *
     * @param duration the duration
     * @return e.g. {@code 30s}, {@code 1m}, {@code 90d}, {@code 0}
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        if (duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return duration.toString();
    }

    /**
     * @param setting the setting's name, for the message
     * @param value the value
     * @return {@code value} if positive
     */
    public static long requirePositive(String setting, long value) {
        if (value <= 0) {
            throw invalid(setting, "a positive number", value);
        }
        return value;
    }

    /**
     * @param setting the setting's name, for the message
     * @param value the value
     * @return {@code value} if at least 1 ms
     */
    public static Duration requirePositive(String setting, Duration value) {
        Objects.requireNonNull(value, setting);
        if (value.isNegative() || value.isZero() || value.toMillis() < 1) {
            throw invalid(setting, "a positive duration of at least 1ms", format(value));
        }
        return value;
    }

    /**
     * @param setting the setting's name, for the message
     * @param value the value
     * @param minimum the least value allowed
     * @return {@code value} if at least {@code minimum}
     */
    public static Duration requireAtLeast(String setting, Duration value, Duration minimum) {
        Objects.requireNonNull(value, setting);
        if (value.compareTo(minimum) < 0) {
            throw invalid(setting, "at least " + format(minimum), format(value));
        }
        return value;
    }

    private static String required(String setting, String text) {
        if (text == null) {
            throw invalid(setting, "a value", null);
        }
        return text.strip();
    }
}
