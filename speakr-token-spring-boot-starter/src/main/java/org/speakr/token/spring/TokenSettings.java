package org.speakr.token.spring;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Reads a group of {@code speakr.token} properties as the text settings a library builder's {@code apply(Map)}
 * takes. Known names are bound with Spring's relaxed binding ({@code cache-ttl}, {@code cacheTtl},
 * {@code SPEAKR_TOKEN_CACHETTL}); any other key of the group is passed on as given, so the builder refuses it
 * with its own message.
 */
final class TokenSettings {
    /** The prefix of every property of the starter. */
    static final String PREFIX = "speakr.token";
    /** {@code jdbc} (default) or {@code memory}. */
    static final String STORE = "store";
    /** Whether the JDBC store creates its table at start-up. */
    static final String JDBC_INITIALIZE_SCHEMA = "initialize-schema";
    /** The request paths the token filter (or the default security chain) covers. */
    static final String WEB_PATH_PATTERNS = "path-patterns";
    /** Scopes per path pattern. */
    static final String WEB_PATH_SCOPES = "path-scopes";
    /** Scopes a full-access token is granted as {@code SCOPE_} authorities. */
    static final String WEB_KNOWN_SCOPES = "known-scopes";
    /** Whether the web integration is on. */
    static final String WEB_ENABLED = "enabled";
    /** The default of {@value #WEB_PATH_PATTERNS}. */
    static final List<String> DEFAULT_PATH_PATTERNS = List.of("/api/**");

    private TokenSettings() {
    }

    /**
     * @param binder the environment's binder
     * @param group {@code ""} for the core settings, or {@code "jdbc"} or {@code "web"}
     * @param names the settings the builder knows
     * @param own names of the group the starter reads itself (and nested groups' first names)
     * @return the settings to apply, keyed by the builder's names (unknown keys as given)
     */
    static Map<String, String> read(Binder binder, String group, Set<String> names, Set<String> own) {
        String prefix = group.isEmpty() ? PREFIX : PREFIX + "." + group;
        Map<String, String> settings = new TreeMap<>();
        for (String name : names) {
            binder.bind(prefix + "." + name, String.class).ifBound(value -> settings.put(name, value));
        }
        Map<String, String> all = binder.bind(prefix, Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        for (String key : all.keySet()) {
            String first = key.split("[.\\[]", 2)[0];
            if (own.contains(first) || known(first, names) || (group.isEmpty() && key.contains("."))) {
                continue;
            }
            settings.put(key, all.get(key));
        }
        return settings;
    }

    /** Whether a key is one of the names in another relaxed form (case and dashes aside). */
    private static boolean known(String key, Set<String> names) {
        String loose = loose(key);
        return names.stream().anyMatch(name -> loose(name).equals(loose));
    }

    private static String loose(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
