package org.speakr.token.example;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Command-line options of the example app.
 *
 * @param host interface to listen on; {@code 127.0.0.1} by default, {@code 0.0.0.0} for all
 * @param port HTTP port; 0 picks a free one
 * @param dataDir directory of the default H2 file database
 * @param dbUrl JDBC URL of another database, or {@code null} for H2 in {@code dataDir}
 * @param dbUser database user, or {@code null}
 * @param dbPassword database password, or {@code null}
 * @param behindProxy whether the server sits behind a reverse proxy that it trusts to set {@code Forwarded} /
 *        {@code X-Forwarded-*} headers (client address, scheme, host); off by default, since a client reaching the
 *        server directly could then claim any address
 * @param githubScanningKeys the key document GitHub's secret-scanning reports are verified against (a copy of
 *        {@code https://api.github.com/meta/public_keys/secret_scanning}), or {@code null}: no GitHub receiver
 * @param gitlabScanningKeys the key document GitLab's token revocation requests are verified against, or
 *        {@code null}: no GitLab receiver
 */
public record Options(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
        boolean behindProxy, Path githubScanningKeys, Path gitlabScanningKeys) {

    /** The usage text printed for {@code --help} and after a bad flag. */
    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar speakr-example.jar [options]",
            "  --port N             HTTP port (default 8080; 0 picks a free port)",
            "  --host ADDR          interface to listen on (default 127.0.0.1; 0.0.0.0 for all, e.g. for n8n in Docker)",
            "  --data-dir DIR       directory of the H2 file database (default ./speakr-data)",
            "  --db-url URL         JDBC URL of another database instead, e.g. jdbc:postgresql://localhost/speakr",
            "  --db-user USER       database user for --db-url",
            "  --db-password PASS   database password for --db-url",
            "  --behind-proxy       trust Forwarded / X-Forwarded-* headers (only behind your own reverse proxy)",
            "  --github-scanning-keys FILE  key document for GitHub secret-scanning reports (enables the receiver)",
            "  --gitlab-scanning-keys FILE  key document for GitLab token revocation requests (enables the receiver)",
            "  --help               print this text");

    /** Checks the port range and non-null data directory. */
    public Options {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0 to 65535, was " + port);
        }
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    /** Options without secret-scanning receivers. */
    public Options(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
            boolean behindProxy) {
        this(host, port, dataDir, dbUrl, dbUser, dbPassword, behindProxy, null, null);
    }

    /**
     * Parses command-line arguments.
     *
     * @param args e.g. {@code --port 9090 --data-dir /tmp/speakr}; {@code --flag=value} works too
     * @return the options, with defaults for missing flags
     * @throws IllegalArgumentException naming an unknown flag, a flag without value, or a bad value
     */
    public static Options parse(String... args) {
        String host = "127.0.0.1";
        int port = 8080;
        Path dataDir = Path.of("speakr-data");
        String dbUrl = null;
        String dbUser = null;
        String dbPassword = null;
        boolean behindProxy = false;
        Path githubKeys = null;
        Path gitlabKeys = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--behind-proxy")) {
                behindProxy = true;
                continue;
            }
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (!isKnown(flag)) {
                    throw new IllegalArgumentException("unknown option: " + flag);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--port" -> port = parsePort(value);
                case "--host" -> host = requireText(flag, value);
                case "--data-dir" -> dataDir = Path.of(requireText(flag, value));
                case "--db-url" -> dbUrl = requireText(flag, value);
                case "--db-user" -> dbUser = value;
                case "--db-password" -> dbPassword = value;
                case "--github-scanning-keys" -> githubKeys = readableFile(flag, value);
                case "--gitlab-scanning-keys" -> gitlabKeys = readableFile(flag, value);
                default -> throw new IllegalArgumentException("unknown option: " + flag);
            }
        }
        if (dbUrl == null && (dbUser != null || dbPassword != null)) {
            throw new IllegalArgumentException("--db-user and --db-password need --db-url");
        }
        return new Options(host, port, dataDir, dbUrl, dbUser, dbPassword, behindProxy, githubKeys, gitlabKeys);
    }

    private static boolean isKnown(String flag) {
        return switch (flag) {
            case "--port", "--host", "--data-dir", "--db-url", "--db-user", "--db-password", "--github-scanning-keys",
                    "--gitlab-scanning-keys" -> true;
            default -> false;
        };
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, was '" + value + "'");
        }
    }

    private static String requireText(String flag, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(flag + " must not be empty");
        }
        return value;
    }

    /** A key document must be there at start: a receiver that cannot verify anything would answer only 503. */
    private static Path readableFile(String flag, String value) {
        try {
            Path file = Path.of(requireText(flag, value));
            if (Files.isRegularFile(file) && Files.isReadable(file)) {
                return file;
            }
        } catch (InvalidPathException e) {
            // answered below
        }
        throw new IllegalArgumentException(flag + " must be a readable key document file, was '" + value + "'");
    }

    /** @return the options with the password masked */
    @Override
    public String toString() {
        return "Options[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser
                + ", dbPassword=" + (dbPassword == null ? null : "****") + ", behindProxy=" + behindProxy
                + ", githubScanningKeys=" + githubScanningKeys + ", gitlabScanningKeys=" + gitlabScanningKeys + "]";
    }
}
