package org.speakr.token.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * The secret-scanning rules in {@code detection/}: generated (the committed files are what the generator writes),
 * and each file's regex, compiled as written, finds exactly the tokens a real {@link ApiTokens} issues, in the text
 * around them where tokens get pasted, and nothing that only looks like one.
 */
class DetectionRulesTest {
    private static final Path ROOT = Path.of(System.getProperty("speakr.repository.root", "..")).normalize();
    private static final Path COMMITTED = ROOT.resolve("detection");
    private static final List<String> FILES = List.of("gitleaks.toml", "trufflehog.yaml", "github-custom-pattern.md");
    private static final int TOKENS = 10_000;

    /** Where tokens end up in text: shell, JSON, a query string, end of line, a header. */
    private static final List<Function<String, String>> CONTEXTS = List.of(
            t -> "export TOKEN=" + t + "\n",
            t -> "{\"token\": \"" + t + "\", \"n\": 1}",
            t -> "curl 'https://api.example.com/v1/recordings?token=" + t + "&page=2'",
            t -> "the token is " + t,
            t -> "Authorization: Bearer " + t + "\r\nAccept: */*");

    private static List<String> spkTokens;

    @BeforeAll
    static void issueTokens() {
        spkTokens = issue(ApiTokens.builder(), TOKENS);
    }

    @Test
    void committedFilesAreWhatTheGeneratorWritesForTheDefaultPrefix(@TempDir Path out) throws Exception {
        generate(out);

        for (String file : FILES) {
            assertThat(out.resolve(file)).as(file).hasSameTextualContentAs(COMMITTED.resolve(file));
        }
    }

    @Test
    void gitleaksRuleFindsEveryTokenExactlyAndNoNearMiss() throws IOException {
        JsonNode rule = new TomlMapper().readTree(COMMITTED.resolve("gitleaks.toml").toFile()).get("rules").get(0);
        assertThat(rule.get("id").asText()).isEqualTo("spk-api-token");
        assertThat(rule.get("keywords").get(0).asText()).isEqualTo("spk_");
        String regex = rule.get("regex").asText();

        assertRe2Compatible(regex);
        assertFindsExactly(Pattern.compile(regex), 0, spkTokens);
        assertFindsNone(Pattern.compile(regex), nearMisses(spkTokens.get(0)));
    }

    @Test
    void trufflehogDetectorFindsEveryTokenExactlyAndNoNearMiss() throws IOException {
        JsonNode detector = new YAMLMapper().readTree(COMMITTED.resolve("trufflehog.yaml").toFile())
                .get("detectors").get(0);
        assertThat(detector.get("name").asText()).isEqualTo("spk-api-token");
        assertThat(detector.get("keywords").get(0).asText()).isEqualTo("spk_");
        assertThat(detector.get("verify").get(0).get("endpoint").asText())
                .isEqualTo("https://speakr.example.com/api/secret-scanning/trufflehog");
        String regex = detector.get("regex").get("token").asText();

        assertRe2Compatible(regex);
        assertFindsExactly(Pattern.compile(regex), 1, spkTokens);
        assertFindsNone(Pattern.compile(regex), nearMisses(spkTokens.get(0)));
    }

    @Test
    void githubCustomPatternFindsEveryTokenExactlyAndNoNearMiss() throws IOException {
        GithubPattern github = GithubPattern.read(COMMITTED.resolve("github-custom-pattern.md"));
        assertRe2Compatible(github.secretFormat);
        assertRe2Compatible(github.before);
        assertRe2Compatible(github.after);

        assertFindsExactly(github.compiled(), 1, spkTokens);
        assertFindsNone(github.compiled(), nearMisses(spkTokens.get(0)));
        // GitHub refuses a pattern whose test string does not match.
        assertThat(github.compiled().matcher(github.testString).find()).as(github.testString).isTrue();
    }

    @Test
    void rulesForAnotherPrefixFindItsTokensAndNotTheDefaultOnes(@TempDir Path out) throws Exception {
        generate(out, "acme", "https://acme.example.org/scanning/verify");
        List<String> acmeTokens = issue(ApiTokens.builder().tokenPrefix("acme"), 1_000);
        List<String> someSpkTokens = spkTokens.subList(0, 1_000);

        String gitleaks = new TomlMapper().readTree(out.resolve("gitleaks.toml").toFile())
                .get("rules").get(0).get("regex").asText();
        JsonNode detector = new YAMLMapper().readTree(out.resolve("trufflehog.yaml").toFile()).get("detectors").get(0);
        String trufflehog = detector.get("regex").get("token").asText();
        GithubPattern github = GithubPattern.read(out.resolve("github-custom-pattern.md"));

        assertThat(detector.get("verify").get(0).get("endpoint").asText())
                .isEqualTo("https://acme.example.org/scanning/verify");
        assertFindsExactly(Pattern.compile(gitleaks), 0, acmeTokens);
        assertFindsExactly(Pattern.compile(trufflehog), 1, acmeTokens);
        assertFindsExactly(github.compiled(), 1, acmeTokens);
        assertFindsNone(Pattern.compile(gitleaks), someSpkTokens);
        assertFindsNone(Pattern.compile(trufflehog), someSpkTokens);
        assertFindsNone(github.compiled(), someSpkTokens);
        assertFindsNone(Pattern.compile(gitleaks), nearMisses(acmeTokens.get(0)));
    }

    @Test
    void generatorRefusesAPrefixTheLibraryRefusesAndANonHttpVerifyUrl(@TempDir Path out) throws Exception {
        Process process = start(out, "Spk");

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("token-prefix: expected [a-z][a-z0-9]{1,9}, got 'Spk'");
        assertThat(out).isEmptyDirectory();

        Process badUrl = start(out, "spk", "javascript:alert(1)");
        assertThat(badUrl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(badUrl.exitValue()).isEqualTo(2);
        assertThat(new String(badUrl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("verify-url: expected an absolute http or https URL");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void re2CheckRefusesLookaroundAndBackreferences() {
        for (String unsupported : List.of("(?=spk_)", "(?!x)spk_", "(?<=\\s)spk_", "(?<!x)spk_", "(a)\\1",
                "(?<t>a)\\k<t>", "(?>spk_)", "spk_[a-z]++", "spk_a{2}+")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertRe2Compatible(unsupported))
                    .as(unsupported).isInstanceOf(AssertionError.class);
        }
        assertRe2Compatible("\\bspk_[A-Za-z0-9]{49}\\b");
        assertRe2Compatible("\\A|[^0-9A-Za-z_]");
    }

    /** Near misses of a real token: one character short or long, wrong prefix or case, inside a longer word. */
    private static List<String> nearMisses(String token) {
        int underscore = token.indexOf('_');
        String prefix = token.substring(0, underscore);
        String body = token.substring(underscore + 1);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        List<String> misses = new ArrayList<>(List.of(
                token.substring(0, token.length() - 1),
                token + "A",
                token + "x",
                prefix.substring(0, prefix.length() - 1) + "x_" + body,
                prefix.toUpperCase() + "_" + body,
                "x" + token,
                "a_" + token,
                "9" + token,
                token.substring(0, underscore + 21) + "-" + token.substring(underscore + 22),
                token.substring(0, underscore + 21) + "-" + token.substring(underscore + 21),
                prefix + "-" + body,
                prefix + body,
                // A Speakr legacy token: base64url of 32 random bytes, no prefix.
                Base64.getUrlEncoder().withoutPadding().encodeToString(random)));
        // Legacy tokens may contain '-' and '_'; one that happens to contain the prefix is still not 49 long.
        misses.add(prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random).substring(4));
        return misses;
    }

    private static void assertFindsExactly(Pattern pattern, int group, List<String> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String text = CONTEXTS.get(i % CONTEXTS.size()).apply(token);
            Matcher m = pattern.matcher(text);
            List<String> found = new ArrayList<>();
            while (m.find()) {
                found.add(m.group(group));
            }
            assertThat(found).as("%s in %s", pattern, text).containsExactly(token);
        }
    }

    private static void assertFindsNone(Pattern pattern, List<String> values) {
        for (String value : values) {
            for (Function<String, String> context : CONTEXTS) {
                String text = context.apply(value);
                assertThat(pattern.matcher(text).find()).as("%s in %s", pattern, text).isFalse();
            }
        }
    }

    /**
     * RE2 (gitleaks, trufflehog) and Hyperscan (GitHub) have no lookaround, backreferences, atomic groups or
     * possessive quantifiers; java.util.regex has all of them, so a rule tested here could still be refused there.
     */
    static void assertRe2Compatible(String regex) {
        Pattern unsupported = Pattern.compile(
                "\\(\\?<?[=!]"          // lookahead, lookbehind
                + "|\\(\\?>"            // atomic group
                + "|\\\\[1-9]"          // numbered backreference
                + "|\\\\k<"             // named backreference
                + "|[*+?}]\\+");        // possessive quantifier
        // An escaped backslash is a literal: take it out first so "\\\\1" is not read as a backreference.
        String unescaped = regex.replace("\\\\", "");
        assertThat(unsupported.matcher(unescaped).find()).as("RE2-incompatible construct in %s", regex).isFalse();
        assertThat(unescaped).as("RE2 has no \\Z").doesNotContain("\\Z");
    }

    private static List<String> issue(ApiTokens.Builder builder, int count) {
        try (ApiTokens tokens = builder.store(new InMemoryTokenStore()).build()) {
            List<String> issued = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                issued.add(tokens.create("owner-" + (i % 500), "t" + i, Expiration.after(Duration.ofDays(1)))
                        .token().reveal());
            }
            return issued;
        }
    }

    private static void generate(Path out, String... args) throws Exception {
        Process process = start(out, args);
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(stderr, StandardCharsets.UTF_8)).isZero();
    }

    /** The documented command, {@code java detection/GenerateRules.java}, from the repository root. */
    private static Process start(Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "detection/GenerateRules.java", "--out", out.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(ROOT.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The fields of {@code github-custom-pattern.md}: each is the fenced block after its label. */
    private record GithubPattern(String secretFormat, String before, String after, String testString) {
        static GithubPattern read(Path file) throws IOException {
            String md = Files.readString(file);
            String test = field(md, "Test string");
            return new GithubPattern(field(md, "Secret format:"), field(md, "Before secret:"),
                    field(md, "After secret:"), test);
        }

        private static String field(String md, String label) {
            Matcher m = Pattern.compile(Pattern.quote(label) + "[^\\n]*\\n\\n```\\n(.*?)\\n```").matcher(md);
            assertThat(m.find()).as(label).isTrue();
            return m.group(1);
        }

        /** What GitHub scans for: before, then the secret (group 1), then after. */
        Pattern compiled() {
            return Pattern.compile("(?:" + before + ")(" + secretFormat + ")(?:" + after + ")");
        }
    }
}
