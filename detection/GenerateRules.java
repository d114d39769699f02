import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes the secret-scanning rules for speakr-token's token format: a gitleaks rule, a trufflehog custom detector
 * and the fields of a GitHub custom pattern. JDK 17+, no dependencies; run from the repository root:
 *
 * <pre>
 * java detection/GenerateRules.java [--out DIR] [PREFIX] [VERIFY_URL]
 * </pre>
 *
 * PREFIX defaults to {@code spk} (the library's default token prefix), VERIFY_URL to
 * {@code https://speakr.example.com/api/secret-scanning/trufflehog}, DIR to {@code detection}.
 *
 * <p>The format: {@code <prefix>_} + base62(32 random bytes, 43 digits) + base62(CRC32 of everything before, 6
 * digits), so exactly 49 characters {@code [0-9A-Za-z]} follow the underscore. A regular expression cannot check
 * the CRC32; whoever verifies a match does (the library refuses a bad checksum before any store call).
 */
public final class GenerateRules {
    static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{1,9}");
    static final int BODY_LENGTH = 43 + 6;
    static final String DEFAULT_PREFIX = "spk";
    static final String DEFAULT_VERIFY_URL = "https://speakr.example.com/api/secret-scanning/trufflehog";
    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final String prefix;
    private final String verifyUrl;

    GenerateRules(String prefix, String verifyUrl) {
        this.prefix = prefix;
        this.verifyUrl = verifyUrl;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of("detection");
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else if (args[i].startsWith("-")) {
                fail("usage: java detection/GenerateRules.java [--out DIR] [PREFIX] [VERIFY_URL]");
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() > 2) {
            fail("usage: java detection/GenerateRules.java [--out DIR] [PREFIX] [VERIFY_URL]");
        }
        String prefix = positional.size() > 0 ? positional.get(0) : DEFAULT_PREFIX;
        String verifyUrl = positional.size() > 1 ? positional.get(1) : DEFAULT_VERIFY_URL;
        if (!PREFIX.matcher(prefix).matches()) {
            fail("token-prefix: expected [a-z][a-z0-9]{1,9}, got '" + prefix + "'");
        }
        if (!isHttpUrl(verifyUrl)) {
            fail("verify-url: expected an absolute http or https URL without spaces or quotes, got '"
                    + verifyUrl + "'");
        }
        GenerateRules rules = new GenerateRules(prefix, verifyUrl);
        Files.createDirectories(out);
        write(out.resolve("gitleaks.toml"), rules.gitleaks());
        write(out.resolve("trufflehog.yaml"), rules.trufflehog());
        write(out.resolve("github-custom-pattern.md"), rules.github());
        System.out.println("wrote gitleaks.toml, trufflehog.yaml and github-custom-pattern.md to " + out
                + " for prefix " + prefix + "_");
    }

    private static boolean isHttpUrl(String text) {
        if (text.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'' || c == '\\' || c >= 0x7f)) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && uri.getHost() != null
                    && (uri.getScheme().equals("https") || uri.getScheme().equals("http"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }

    /** The token itself, without boundaries: RE2, Hyperscan and java.util.regex read it alike. */
    String secretFormat() {
        return prefix + "_[A-Za-z0-9]{" + BODY_LENGTH + "}";
    }

    /**
     * Word boundaries on both sides: a token inside a longer word ({@code xspk_…}, {@code spk_…x}, {@code a_spk_…})
     * is not one. {@code \b} is ASCII in RE2 and Go, as the characters around a token are.
     */
    String boundedRegex() {
        return "\\b" + secretFormat() + "\\b";
    }

    /** A well-formed example token (valid checksum, not a live secret: its random part is a fixed pattern). */
    String exampleToken() {
        StringBuilder body = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 43; i++) {
            body.append(BASE62.charAt((i * 7 + 3) % 62));
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (int i = 0; i < body.length(); i++) {
            crc.update(body.charAt(i));
        }
        long n = crc.getValue();
        char[] checksum = new char[6];
        for (int i = 5; i >= 0; i--) {
            checksum[i] = BASE62.charAt((int) (n % 62));
            n /= 62;
        }
        return body.append(checksum).toString();
    }

    private String header(String comment) {
        return comment + " Generated by detection/GenerateRules.java for the token prefix '" + prefix
                + "_'; do not edit by hand.\n"
                + comment + " Regenerate: java detection/GenerateRules.java " + prefix + " "
                + verifyUrl + "\n"
                + comment + " The regex cannot check the token's CRC32 checksum (its last 6 characters); the verifier"
                + " does.\n";
    }

    String gitleaks() {
        return header("#")
                + "\n"
                + "[[rules]]\n"
                + "id = \"" + prefix + "-api-token\"\n"
                + "description = \"Personal API token (speakr-token format, prefix " + prefix + "_)\"\n"
                + "regex = '''" + boundedRegex() + "'''\n"
                + "keywords = [\"" + prefix + "_\"]\n";
    }

    String trufflehog() {
        return header("#")
                + "# Verification: trufflehog POSTs {\"" + prefix + "-api-token\": {\"token\": [match, group 1]}} to the\n"
                + "# endpoint; 200 means live, any other status not verified.\n"
                + "detectors:\n"
                + "  - name: " + prefix + "-api-token\n"
                + "    keywords:\n"
                + "      - " + prefix + "_\n"
                + "    regex:\n"
                + "      token: '\\b(" + secretFormat() + ")\\b'\n"
                + "    verify:\n"
                + "      - endpoint: " + verifyUrl + "\n"
                + "        unsafe: " + verifyUrl.startsWith("http:") + "\n";
    }

    String github() {
        return "<!--\n" + header("") + "-->\n"
                + "\n"
                + "# GitHub custom pattern: " + prefix + "_ API tokens\n"
                + "\n"
                + "Repository, organization or enterprise settings → *Advanced Security* → *Custom patterns* →\n"
                + "*New pattern*; copy each field below into the field of the same name (*More options* shows the\n"
                + "before/after fields).\n"
                + "\n"
                + "Pattern name:\n"
                + "\n"
                + "```\n"
                + prefix + "-api-token\n"
                + "```\n"
                + "\n"
                + "Secret format:\n"
                + "\n"
                + "```\n"
                + secretFormat() + "\n"
                + "```\n"
                + "\n"
                + "Before secret:\n"
                + "\n"
                + "```\n"
                + "\\A|[^0-9A-Za-z_]\n"
                + "```\n"
                + "\n"
                + "After secret:\n"
                + "\n"
                + "```\n"
                + "\\z|[^0-9A-Za-z_]\n"
                + "```\n"
                + "\n"
                + "Test string (well-formed, valid checksum, not a live token):\n"
                + "\n"
                + "```\n"
                + "export SPEAKR_TOKEN=" + exampleToken() + "\n"
                + "```\n"
                + "\n"
                + "The regex cannot check the CRC32 checksum in the last 6 characters; a match with a wrong\n"
                + "checksum is a false positive, which the service's verifier refuses without a store call.\n";
    }
}
