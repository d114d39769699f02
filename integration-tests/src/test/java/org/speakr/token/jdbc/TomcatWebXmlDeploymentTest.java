package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.apache.catalina.Context;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.servlet.ApiTokenFilter;
import org.speakr.token.testkit.canary.TokenCanary;

/**
 * Issue 12, item 18: the filter in a second container. A WAR-style app ({@code WEB-INF/web.xml} with
 * {@code WebXmlApiTokenFilter} and {@link JdbcTokenServiceFactory}, the library jars in {@code WEB-INF/lib}, so
 * that the webapp's own class loader loads them as in a real WAR) on embedded Tomcat 10.1, with its
 * {@code DataSource} bound by Tomcat's naming ({@code enableNaming()}, a {@code ContextResource}). It answers the
 * four token locations, 400, 401, 403, 429 and, on a failing {@code DataSource}, 503; undeploying it logs no leak
 * warning of {@code WebappClassLoaderBase} (no ThreadLocal, no thread left behind); and with the settings of
 * {@code docs/tomcat.md} a {@code ?token=} in a bad request is echoed neither in the error page nor in the log.
 */
class TomcatWebXmlDeploymentTest {
    static final String TABLE = "tomcat_api_tokens";

    @TempDir
    Path work;

    /** Tomcat's JUL records of the given loggers, kept while the handler is attached. */
    static final class Captured extends Handler implements AutoCloseable {
        final List<LogRecord> records = new ArrayList<>();
        private final List<Logger> loggers = new ArrayList<>();

        Captured(String... names) {
            setLevel(Level.ALL);
            for (String name : names) {
                Logger logger = Logger.getLogger(name);
                logger.addHandler(this);
                loggers.add(logger);
            }
        }

        @Override
        public synchronized void publish(LogRecord record) {
            records.add(record);
        }

        synchronized List<String> messages(Level atLeast) {
            List<String> texts = new ArrayList<>();
            for (LogRecord record : records) {
                if (record.getLevel().intValue() >= atLeast.intValue()) {
                    String text = record.getMessage();
                    if (record.getParameters() != null) {
                        text = java.text.MessageFormat.format(text, record.getParameters());
                    }
                    texts.add(record.getLevel() + " " + text);
                }
            }
            return texts;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            loggers.forEach(logger -> logger.removeHandler(this));
        }
    }

    @Test
    void item18WebXmlAppOnTomcatAnswersEveryCaseAndUndeploysWithoutLeakWarnings() throws Exception {
        DataSource database = TestDatabases.h2("tomcat-webapp");
        FaultyDataSource down = new FaultyDataSource(TestDatabases.h2("tomcat-webapp-down"));
        TestDataSourceFactory.register("up", database);
        TestDataSourceFactory.register("down", down.dataSource());
        String reader = createToken(database, "alice", Set.of("recordings:read"));
        String tagsOnly = createToken(database, "alice", Set.of("tags:read"));
        String downToken = createToken(down.dataSource(), "bob", Set.of());

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(work.resolve("tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        tomcat.enableNaming();
        tomcat.setAddDefaultWebXmlToWebapp(false);
        // As docs/tomcat.md says: no report and no server version in Tomcat's own error pages.
        ErrorReportValve errors = new ErrorReportValve();
        errors.setShowReport(false);
        errors.setShowServerInfo(false);
        tomcat.getHost().getPipeline().addValve(errors);
        Context up = deploy(tomcat, "/up", "up");
        Context failing = deploy(tomcat, "/down", "down");

        try (Captured leaks = new Captured("org.apache.catalina.loader.WebappClassLoaderBase");
                Captured coyote = new Captured("org.apache.coyote.http11.Http11Processor")) {
            Logger.getLogger("org.apache.coyote.http11.Http11Processor").setLevel(Level.WARNING);
            tomcat.start();
            assertThat(up.getState().isAvailable()).as("webapp /up started").isTrue();
            assertThat(failing.getState().isAvailable()).as("webapp /down started").isTrue();
            // The filter class is the webapp's own, as in a WAR, so Tomcat's leak check covers the library.
            assertThat(((StandardContext) up).getLoader().getClassLoader()
                    .loadClass(ApiTokenFilter.class.getName()).getClassLoader())
                    .isSameAs(((StandardContext) up).getLoader().getClassLoader());

            int port = tomcat.getConnector().getLocalPort();
            URI whoami = URI.create("http://127.0.0.1:" + port + "/up/api/whoami");
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            // The four locations.
            assertThat(get(client, whoami, "Authorization", "Bearer " + reader).body()).isEqualTo("alice Bearer");
            assertThat(get(client, whoami, "X-API-Token", reader).statusCode()).isEqualTo(200);
            assertThat(get(client, whoami, "API-Token", reader).statusCode()).isEqualTo(200);
            assertThat(get(client, URI.create(whoami + "?token=" + reader)).body()).isEqualTo("alice Bearer");
            // 400: two locations at once.
            HttpResponse<String> twice = get(client, whoami, "X-API-Token", reader, "API-Token", reader);
            assertThat(twice.statusCode()).isEqualTo(400);
            assertThat(twice.body()).contains("\"error\": \"invalid_request\"");
            // 401: no token, then a wrong one.
            HttpResponse<String> none = get(client, whoami);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"api\"");
            // 403: a token without the required scope.
            HttpResponse<String> scope = get(client, whoami, "Authorization", "Bearer " + tagsOnly);
            assertThat(scope.statusCode()).isEqualTo(403);
            assertThat(scope.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                    assertThat(challenge).contains("error=\"insufficient_scope\"").contains("recordings:read"));
            // 503: the other webapp's database fails.
            down.fail(FaultyDataSource.Fault.EXECUTE);
            HttpResponse<String> unavailable = get(client,
                    URI.create("http://127.0.0.1:" + port + "/down/api/whoami"), "X-API-Token", downToken);
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
            assertThat(unavailable.body()).doesNotContain("injected").doesNotContain("Exception");
            down.heal();
            // 401 for wrong tokens until the failure limit (5 in web.xml), then 429.
            String wrong = reader.substring(0, reader.length() - 8) + "AAAAAAAA";
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(get(client, whoami, "Authorization", "Bearer " + wrong).statusCode());
            }
            assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);

            // docs/tomcat.md: a ?token= in a request target Tomcat cannot parse is echoed neither in its 400 page
            // nor in its log.
            String bad = raw(port, "GET /up/api/whoami{?token=" + reader + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(bad).startsWith("HTTP/1.1 400").doesNotContain(reader).doesNotContain("Tomcat");
            TokenCanary.scanResponse("GET", "/up/api/whoami", 400, bad);
            assertThat(coyote.messages(Level.ALL)).noneMatch(line -> line.contains(reader.substring(4)));

            tomcat.getHost().removeChild(up);
            tomcat.getHost().removeChild(failing);
            assertThat(leaks.messages(Level.WARNING)).as("leak warnings on undeploy").isEmpty();
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private static String createToken(DataSource dataSource, String owner, Set<String> scopes) {
        JdbcTokenStore store = JdbcTokenStore.builder(dataSource).tableName(TABLE).build();
        store.initializeSchema();
        try (ApiTokens admin = ApiTokens.builder().store(store).build()) {
            return admin.create(owner, "tomcat " + scopes, Expiration.after(Duration.ofDays(30)), scopes).token()
                    .reveal();
        }
    }

    /** A WAR-style directory: the test's web.xml and the library jars in WEB-INF/lib, with a JNDI DataSource. */
    private Context deploy(Tomcat tomcat, String path, String dataSourceKey) throws Exception {
        Path docBase = work.resolve("webapps" + path);
        Path webInf = Files.createDirectories(docBase.resolve("WEB-INF"));
        Files.copy(Path.of(getClass().getResource("/tomcat-webapp/WEB-INF/web.xml").toURI()),
                webInf.resolve("web.xml"));
        Path lib = Files.createDirectories(webInf.resolve("lib"));
        for (Class<?> library : List.of(ApiTokens.class, ApiTokenFilter.class, JdbcTokenStore.class)) {
            addToLib(Path.of(library.getProtectionDomain().getCodeSource().getLocation().toURI()), lib);
        }
        Context context = tomcat.addWebapp(path, docBase.toAbsolutePath().toString());
        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        ContextResource resource = new ContextResource();
        resource.setName("jdbc/tokens");
        resource.setType(DataSource.class.getName());
        resource.setAuth("Container");
        resource.setProperty("factory", TestDataSourceFactory.class.getName());
        resource.setProperty("key", dataSourceKey);
        context.getNamingResources().addResource(resource);
        return context;
    }

    /** Copies a jar, or packs a classes directory (the reactor's target/classes) into one. */
    private static void addToLib(Path location, Path lib) throws IOException {
        if (Files.isRegularFile(location)) {
            Files.copy(location, lib.resolve(location.getFileName()));
            return;
        }
        Path jar = lib.resolve(location.getParent().getParent().getFileName() + ".jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(location)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new ZipEntry(location.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        TokenCanary.scanResponse("GET", uri.getPath(), response.statusCode(),
                response.headers().map() + "\n" + response.body());
        return response;
    }

    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
