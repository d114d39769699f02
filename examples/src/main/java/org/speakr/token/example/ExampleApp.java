package org.speakr.token.example;

/**
 * Runs the example: {@code java -jar examples/target/speakr-example.jar [--port N] [--data-dir DIR]
 * [--db-url URL --db-user USER --db-password PASS]}. SIGTERM or Ctrl-C stops Jetty and flushes pending
 * last-used writes before the JVM exits.
 */
public final class ExampleApp {
    private ExampleApp() {
    }

    /** @param args see {@link Options#USAGE} */
    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(Options.USAGE);
                return;
            }
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("speakr-example: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        ExampleServer server = ExampleServer.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "speakr-shutdown"));
        System.out.println("Speakr example running at " + server.uri() + " (log in as alice / wonderland-42)");
        server.join();
    }
}
