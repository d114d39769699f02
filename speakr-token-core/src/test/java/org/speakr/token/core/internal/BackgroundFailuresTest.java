package org.speakr.token.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.speakr.token.testkit.MutableClock;

class BackgroundFailuresTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    final Logger logger = (Logger) LoggerFactory.getLogger("org.speakr.test.BackgroundFailures");
    final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    final BackgroundFailures failures = new BackgroundFailures(logger, "Polling", clock);

    BackgroundFailuresTest() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    List<String> lines() {
        return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " +stack")).toList();
    }

    @Test
    void firstFailureWithStackThenOneSummaryAMinuteThenOneRecoveryLine() {
        IllegalStateException down = new IllegalStateException("database down");
        for (int second = 0; second < 150; second++) {
            failures.failed("Polling failed; will retry", down);
            assertThat(failures.isFailing()).isTrue();
            clock.advance(Duration.ofSeconds(1));
        }
        failures.succeeded();
        failures.succeeded();

        assertThat(lines()).containsExactly(
                "WARN Polling failed; will retry +stack",
                "WARN Polling still failing: 60 more failures in 1m, 61 since 2026-01-01T10:00:00Z;"
                        + " last: java.lang.IllegalStateException",
                "WARN Polling still failing: 60 more failures in 1m, 121 since 2026-01-01T10:00:00Z;"
                        + " last: java.lang.IllegalStateException",
                "INFO Polling recovered after 150 failures in 150s");
        assertThat(failures.isFailing()).isFalse();
    }

    @Test
    void aNewRunOfFailuresAfterRecoveryIsLoggedWithItsStackAgain() {
        failures.failed("Polling failed", new IllegalStateException("one"));
        failures.succeeded();
        failures.failed("Polling failed", new IllegalStateException("two"));
        assertThat(lines()).containsExactly("WARN Polling failed +stack", "INFO Polling recovered after 1 failures in 0",
                "WARN Polling failed +stack");
    }

    @Test
    void successWhileWorkingLogsNothing() {
        failures.succeeded();
        assertThat(lines()).isEmpty();
    }
}
