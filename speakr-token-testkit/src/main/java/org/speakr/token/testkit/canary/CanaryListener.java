package org.speakr.token.testkit.canary;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.slf4j.LoggerFactory;

/**
 * The log-leak canary for every module's test run. Registered in this test jar's
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}, so it runs in every module whose
 * tests have {@code speakr-token-core:test-jar} on the class path. At the start of the session it attaches a
 * {@link CanaryAppender} to logback's root logger (whatever the module's {@code logback-test.xml} says, so no
 * module's config has to name it); {@link CanaryHandler} adds the HTTP responses of the Jetty servers the tests
 * start. At the end of the session, any token plaintext found (as text, hex or base64) fails the run: the hits,
 * masked and with where they were seen, go to {@code target/token-canary-report.txt} and to the exception that
 * ends the session, which Surefire reports as a failure of the fork.
 *
 * <p>{@code -Dspeakr.canary=off} turns it off (e.g. while fuzzing, where millions of requests would be scanned).
 */
public final class CanaryListener implements LauncherSessionListener {
    private static volatile String currentTest = "(no test running)";
    private static final CanaryAppender APPENDER = new CanaryAppender();

    /** @return the display path of the test that started last, for the report */
    static String currentTest() {
        return currentTest;
    }

    static boolean enabled() {
        return !"off".equals(System.getProperty("speakr.canary")) && System.getenv("JAZZER_FUZZ") == null;
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!enabled()) {
            return;
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            synchronized (APPENDER) {
                if (!APPENDER.isStarted()) {
                    APPENDER.setContext(context);
                    APPENDER.setName("speakr-token-canary");
                    APPENDER.start();
                }
                Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
                if (root.getAppender(APPENDER.getName()) == null) {
                    root.addAppender(APPENDER);
                }
            }
        }
        session.getLauncher().registerTestExecutionListeners(new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier test) {
                if (test.isTest()) {
                    currentTest = test.getUniqueId();
                }
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    currentTest = "(after " + test.getUniqueId() + ")";
                }
            }
        });
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (!enabled()) {
            return;
        }
        List<String> hits = TokenCanary.hits();
        String report = hits.isEmpty()
                ? "Token canary: no token plaintext in " + TokenCanary.scanned() + " scanned log events and responses\n"
                : "Token canary: " + hits.size() + " token plaintext(s) leaked:\n  " + String.join("\n  ", hits) + "\n";
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve("token-canary-report.txt"), report);
            }
        } catch (IOException e) {
            System.err.println("Token canary: could not write target/token-canary-report.txt: " + e);
        }
        if (!hits.isEmpty()) {
            System.err.println(report);
            throw new AssertionError(report);
        }
    }
}
