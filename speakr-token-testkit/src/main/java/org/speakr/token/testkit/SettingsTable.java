package org.speakr.token.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds a Markdown settings table against the code, so documentation cannot drift: each row
 * {@code | `name` | `builderMethod(Type)` | `default` | … |} must name a setting, its builder method (the name in
 * camelCase) and the default that a configured object's description ({@code Type[name=value, …]}, as
 * {@code ApiTokens.toString()} and {@code ApiTokenFilter.toString()} give it) shows.
 */
public final class SettingsTable {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| `(\\w+)\\([^`]*\\)` \\| `([^`]*)` \\|",
            Pattern.MULTILINE);

    private SettingsTable() {
    }

    /**
     * Asserts that the table in one section of a Markdown file documents exactly {@code names}, each with its
     * builder method on {@code builder} and the default shown in {@code defaults}.
     *
     * @param markdown the file
     * @param heading the section's heading line, e.g. {@code "## Core: configuration"}; the table ends at the next
     *        {@code ## } heading
     * @param builder the builder class whose public methods the table names
     * @param names every setting name
     * @param defaults the description of an object built with every default
     */
    public static void assertDocuments(Path markdown, String heading, Class<?> builder, Set<String> names,
            Object defaults) {
        String text;
        try {
            text = Files.readString(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(text).as("%s has a section %s", markdown, heading).contains(heading);
        String section = text.substring(text.indexOf(heading));
        int end = section.indexOf("\n## ", heading.length());
        section = end < 0 ? section : section.substring(0, end);
        Set<String> methods = new HashSet<>();
        for (Method method : builder.getMethods()) {
            methods.add(method.getName());
        }
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(section);
        while (row.find()) {
            documented.put(row.group(1), row.group(3));
            assertThat(methods).as("the builder method documented for %s", row.group(1)).contains(row.group(2));
            assertThat(row.group(2)).as("builder method of %s", row.group(1)).isEqualTo(camelCase(row.group(1)));
        }
        assertThat(documented.keySet()).as("%s documents every setting", heading).isEqualTo(names);
        Map<String, String> effective = description(defaults);
        documented.forEach((name, value) -> assertThat(effective.get(name)).as("default of %s", name).isEqualTo(value));
    }

    /**
     * Reads a description {@code Type[name=value, name=value, …]} into a map; a value may contain {@code ", "}
     * as long as what follows it is not {@code name=}.
     *
     * @param configured an object whose {@code toString()} is such a description
     * @return name to value, in order
     */
    public static Map<String, String> description(Object configured) {
        String text = configured.toString();
        int open = text.indexOf('[');
        assertThat(open).as("description of %s", text).isPositive();
        assertThat(text).endsWith("]");
        Map<String, String> entries = new LinkedHashMap<>();
        for (String entry : text.substring(open + 1, text.length() - 1).split(", (?=[a-z-]+=)")) {
            int eq = entry.indexOf('=');
            entries.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return entries;
    }

    private static String camelCase(String kebab) {
        String[] words = kebab.split("-");
        StringBuilder name = new StringBuilder(words[0]);
        Arrays.stream(words).skip(1).forEach(w -> name.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1)));
        return name.toString();
    }
}
