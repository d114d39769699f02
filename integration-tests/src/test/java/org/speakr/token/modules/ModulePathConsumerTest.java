package org.speakr.token.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's module descriptors, as a modular application sees them: a small consumer module that requires
 * {@code org.speakr.token.core}, {@code org.speakr.token.jdbc} and {@code org.speakr.token.servlet} compiles and
 * runs on the module path, and one that reaches into {@code org.speakr.token.core.internal} does not compile.
 */
class ModulePathConsumerTest {
    private static final String MODULE_INFO = """
            module consumer {
                requires org.speakr.token.core;
                requires org.speakr.token.jdbc;
                requires org.speakr.token.servlet;
            }
            """;

    private static final String MAIN = """
            package consumer;

            import java.lang.reflect.Proxy;
            import java.time.Duration;
            import javax.sql.DataSource;
            import org.speakr.token.core.ApiTokens;
            import org.speakr.token.core.Expiration;
            import org.speakr.token.core.spi.InMemoryTokenStore;
            import org.speakr.token.jdbc.JdbcTokenStore;
            import org.speakr.token.servlet.ApiTokenFilter;

            public class Main {
                public static void main(String[] args) {
                    try (ApiTokens tokens = ApiTokens.builder().store(new InMemoryTokenStore()).build()) {
                        String token = tokens.create("alice", "module path", Expiration.after(Duration.ofDays(1)))
                                .token().reveal();
                        System.out.println("authenticated=" + tokens.authenticate(token).isAuthenticated());
                        System.out.println(ApiTokenFilter.builder(tokens).build());
                    }
                    DataSource unused = (DataSource) Proxy.newProxyInstance(Main.class.getClassLoader(),
                            new Class<?>[] {DataSource.class}, (proxy, method, arguments) -> {
                                throw new UnsupportedOperationException(method.getName());
                            });
                    System.out.println(JdbcTokenStore.builder(unused).tableName("consumer_tokens").build());
                }
            }
            """;

    private static final String INTERNAL_USER = """
            package consumer;

            import org.speakr.token.core.internal.SettingValues;

            public class Main {
                public static void main(String[] args) {
                    System.out.println(SettingValues.format(java.time.Duration.ofSeconds(30)));
                }
            }
            """;

    @TempDir
    Path work;

    @Test
    void consumerModuleCompilesAndRunsOnTheModulePath() throws Exception {
        Path out = work.resolve("out");
        Compilation compilation = compile(MAIN, out);
        assertThat(compilation.succeeded()).as(compilation.diagnostics()).isTrue();

        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", out + File.pathSeparator + modulePath(), "-m", "consumer/consumer.Main")
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output).contains("authenticated=true", "ApiTokenFilter[", "JdbcTokenStore[table-name=consumer_tokens");
    }

    @Test
    void internalPackageIsNotReadableFromAConsumerModule() throws Exception {
        Compilation compilation = compile(INTERNAL_USER, work.resolve("out"));

        assertThat(compilation.succeeded()).isFalse();
        assertThat(compilation.diagnostics())
                .contains("package org.speakr.token.core.internal is not visible")
                .contains("package org.speakr.token.core.internal is declared in module org.speakr.token.core,"
                        + " which does not export it to module consumer");
    }

    private record Compilation(boolean succeeded, String diagnostics) {
    }

    private Compilation compile(String main, Path out) throws IOException {
        Path sources = work.resolve("src");
        Files.createDirectories(sources.resolve("consumer"));
        Files.writeString(sources.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(sources.resolve("consumer/Main.java"), main);
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        // An explicit, empty class path: javac in this JVM would otherwise take the test's class path as its own.
        Path emptyClassPath = Files.createDirectories(work.resolve("empty"));
        List<String> options = List.of("--release", "17", "-d", out.toString(), "--module-path", modulePath(),
                "--class-path", emptyClassPath.toString());
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(diagnostics, files, null, options, null, files.getJavaFileObjects(
                    sources.resolve("module-info.java"), sources.resolve("consumer/Main.java"))).call();
            return new Compilation(ok, diagnostics.toString());
        }
    }

    /**
     * The library's three modules and the modules they require, from this test's class path: each reactor module
     * as its jar or classes directory (never its test classes), the third-party ones as their jars.
     */
    private static String modulePath() {
        List<String> wanted = List.of("speakr-token-core", "speakr-token-servlet", "speakr-token-jdbc",
                "slf4j-api", "caffeine", "jakarta.servlet-api");
        String path = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("test-classes") && !entry.endsWith("-tests.jar"))
                .filter(entry -> wanted.stream().anyMatch(name -> entry.replace('\\', '/').toLowerCase(Locale.ROOT)
                        .matches(".*/" + name.replace(".", "\\.") + "(/target/classes|[-/][^/]*\\.jar)")))
                .collect(Collectors.joining(File.pathSeparator));
        for (String name : wanted) {
            assertThat(path).as("module path has %s", name).contains(name);
        }
        return path;
    }
}
