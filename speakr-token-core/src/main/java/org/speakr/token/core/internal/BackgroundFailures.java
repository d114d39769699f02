package org.speakr.token.core.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The log of one background task that may fail over and over (a revocation poll every second, a last-use flush,
 * a listener reconnecting), so that a store that stays down costs a few lines, not a stack trace per attempt:
 * the first failure is one warning with its stack; while the task keeps failing, at most one summary line per
 * {@link #SUMMARY_INTERVAL} with the count; the first success after that, one line saying it recovered.
 *
 * <p>Thread-safe. Costs a lock per report, so it is meant for background tasks, not the request path.
 */
public final class BackgroundFailures {
    /** The least time between two summary lines of one failing task. */
    public static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final String task;
    private final Clock clock;
    private Instant failingSince;
    private Instant lastLine;
    private long failures;
    private long unreported;

    /**
     * @param log the task's logger
     * @param task what fails, as the start of the summary and recovery lines, e.g. {@code Revocation feed poll}
     * @param clock when failures happen, to space the summary lines
     */
    public BackgroundFailures(Logger log, String task, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.task = Objects.requireNonNull(task, "task");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reports one failed attempt: logged with its stack if the task was working until now, counted for the
     * next summary line otherwise.
     *
     * @param message the first failure's line: what failed, what it means, what happens next; no secret
     * @param failure the cause; its stack is logged once per run of failures, its class in each summary
     */
    public synchronized void failed(String message, Throwable failure) {
        Instant now = clock.instant();
        failures++;
        if (failingSince == null) {
            failingSince = now;
            lastLine = now;
            log.warn(message, failure);
            return;
        }
        unreported++;
        if (!now.isBefore(lastLine.plus(SUMMARY_INTERVAL))) {
            log.warn("{} still failing: {} more failures in {}, {} since {}; last: {}", task, unreported,
                    SettingValues.format(Duration.between(lastLine, now)), failures, failingSince,
                    failure.getClass().getName());
            lastLine = now;
            unreported = 0;
        }
    }

    /** Reports a successful attempt: one line if the task was failing, nothing otherwise. */
    public synchronized void succeeded() {
        if (failingSince == null) {
            return;
        }
        Instant now = clock.instant();
        log.info("{} recovered after {} failures in {}", task, failures,
                SettingValues.format(Duration.between(failingSince, now)));
        failingSince = null;
        lastLine = null;
        failures = 0;
        unreported = 0;
    }

    /** @return whether the last reported attempt failed */
    public synchronized boolean isFailing() {
        return failingSince != null;
    }
}
