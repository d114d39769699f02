package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void parseWithoutArgumentsGivesDefaults() {
        Options options = Options.parse();
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.dataDir()).isEqualTo(Path.of("speakr-data"));
        assertThat(options.dbUrl()).isNull();
        assertThat(options.behindProxy()).isFalse();
    }

    @Test
    void behindProxyFlagTakesNoValue() {
        assertThat(Options.parse("--behind-proxy", "--port", "9090").behindProxy()).isTrue();
        assertThat(Options.parse("--port", "9090", "--behind-proxy").port()).isEqualTo(9090);
        assertThat(Options.USAGE).contains("--behind-proxy");
    }

    @Test
    void parseAllFlagsInBothForms() {
        Options options = Options.parse("--port", "9090", "--host", "0.0.0.0", "--data-dir=/tmp/x", "--db-url",
                "jdbc:postgresql://db/speakr", "--db-user=speakr", "--db-password", "secret");
        assertThat(options).isEqualTo(new Options("0.0.0.0", 9090, Path.of("/tmp/x"), "jdbc:postgresql://db/speakr", "speakr",
                "secret", false));
        assertThat(options.toString()).doesNotContain("secret").contains("dbPassword=****");
    }

    @Test
    void parseRejectsUnknownFlagsMissingValuesAndBadPorts() {
        assertThatThrownBy(() -> Options.parse("--prot", "1")).hasMessage("unknown option: --prot");
        assertThatThrownBy(() -> Options.parse("--port")).hasMessage("--port needs a value");
        assertThatThrownBy(() -> Options.parse("--port", "http")).hasMessage("--port must be a number, was 'http'");
        assertThatThrownBy(() -> Options.parse("--port", "70000")).hasMessage("--port must be 0 to 65535, was 70000");
        assertThatThrownBy(() -> Options.parse("--db-user", "x")).hasMessage("--db-user and --db-password need --db-url");
        assertThatThrownBy(() -> Options.parse("--data-dir", " ")).hasMessage("--data-dir must not be empty");
    }

    @Test
    void describeHidesTheQueryPartOfTheDatabaseUrl() {
        assertThat(Database.describe(Options.parse("--db-url", "jdbc:postgresql://db/speakr?password=hunter2")))
                .isEqualTo("jdbc:postgresql://db/speakr");
    }

    @Test
    void scanningKeyFlagsNeedAReadableFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path keys = java.nio.file.Files.writeString(dir.resolve("keys.json"), "{\"public_keys\": []}");
        Options options = Options.parse("--github-scanning-keys", keys.toString(), "--gitlab-scanning-keys=" + keys);
        assertThat(options.githubScanningKeys()).isEqualTo(keys);
        assertThat(options.gitlabScanningKeys()).isEqualTo(keys);
        assertThat(Options.parse().githubScanningKeys()).isNull();
        assertThat(Options.parse().gitlabScanningKeys()).isNull();
        assertThatThrownBy(() -> Options.parse("--github-scanning-keys", dir.resolve("missing.json").toString()))
                .hasMessage("--github-scanning-keys must be a readable key document file, was '"
                        + dir.resolve("missing.json") + "'");
        assertThatThrownBy(() -> Options.parse("--gitlab-scanning-keys", dir.toString()))
                .hasMessageStartingWith("--gitlab-scanning-keys must be a readable key document file");
        assertThat(Options.USAGE).contains("--github-scanning-keys FILE").contains("--gitlab-scanning-keys FILE");
    }
}
