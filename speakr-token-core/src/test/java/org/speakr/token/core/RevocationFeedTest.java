package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.testkit.ForwardingTokenStore;
import org.speakr.token.testkit.MutableClock;

class RevocationFeedTest {
    static final int MINUTES = 10;

    /** A store that is down: every call the background tasks make fails as a JDBC store's would. */
    static final class DownStore extends ForwardingTokenStore {
        volatile boolean down = true;

        DownStore() {
            super(new InMemoryTokenStore());
        }

        private void check() {
            if (down) {
                throw new TokenStoreException("token store failed on revokedSince: java.sql.SQLTransientConnectionException",
                        new IllegalStateException("Connection refused", new java.io.IOException("connect timed out")));
            }
        }

        @Override
        public List<TokenRecord> revokedSince(Instant since) {
            check();
            return super.revokedSince(since);
        }

        @Override
        public void updateLastUsed(Map<String, Instant> lastUsedById) {
            check();
            super.updateLastUsed(lastUsedById);
        }

        @Override
        public void updateLastUse(Map<String, org.speakr.token.core.spi.LastUse> usesById) {
            check();
            super.updateLastUse(usesById);
        }
    }

    @Test
    @DisplayName("issue 12 item 4: with the store down, the feed and the flush log a stack once, then a line a minute")
    void storeDownForTenMinutesThenOneStackPerTaskAtMostOneLineAMinuteAndOneRecoveryLine() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
        DownStore store = new DownStore();
        TokenCache cache = new TokenCache(10, Duration.ofSeconds(30), 10, Duration.ofSeconds(10), clock.instant());
        RevocationFeed feed = new RevocationFeed(store, cache, clock);
        LastUsedWriter writer = new LastUsedWriter(store, clock);
        Logger logger = (Logger) LoggerFactory.getLogger("org.speakr.token.core");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level previous = logger.getLevel();
        logger.setLevel(Level.INFO);
        long[] bytesPerMinute = new long[MINUTES];
        long[] linesPerMinute = new long[MINUTES];
        try {
            for (int minute = 0; minute < MINUTES; minute++) {
                int before = appender.list.size();
                for (int second = 0; second < 60; second++) { // the default poll: once a second
                    feed.run();
                    writer.record("id" + second, clock.instant(), ClientInfo.unknown());
                    clock.advance(Duration.ofSeconds(1));
                }
                writer.flush(); // the default write interval: once a minute
                List<ILoggingEvent> lines = appender.list.subList(before, appender.list.size());
                linesPerMinute[minute] = lines.size();
                bytesPerMinute[minute] = lines.stream().mapToLong(RevocationFeedTest::bytes).sum();
            }
            int before = appender.list.size();
            store.down = false;
            feed.run();
            writer.flush();
            feed.run();
            writer.flush();
            List<String> recovery = appender.list.subList(before, appender.list.size()).stream()
                    .map(ILoggingEvent::getFormattedMessage).toList();

            System.out.printf("issue 12 item 4: store down, log per simulated minute: lines %s, bytes %s%n",
                    java.util.Arrays.toString(linesPerMinute), java.util.Arrays.toString(bytesPerMinute));
            assertThat(appender.list.stream().filter(e -> e.getThrowableProxy() != null))
                    .as("one stack per task").hasSize(2);
            assertThat(linesPerMinute[0]).as("first minute: a stack per task, then the feed's summary").isLessThanOrEqualTo(3);
            for (int minute = 1; minute < MINUTES; minute++) {
                assertThat(linesPerMinute[minute]).as("minute %d: a summary per task", minute).isLessThanOrEqualTo(2);
                assertThat(bytesPerMinute[minute]).as("minute %d", minute).isLessThan(600);
            }
            assertThat(recovery).hasSize(2).allSatisfy(line -> assertThat(line).contains(" recovered after "));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }
    }

    /** The bytes a plain text appender writes for {@code event}: message, newline, stack. */
    private static long bytes(ILoggingEvent event) {
        String text = event.getFormattedMessage() + "\n"
                + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()) + "\n");
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
