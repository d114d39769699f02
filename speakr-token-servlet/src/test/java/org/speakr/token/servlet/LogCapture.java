package org.speakr.token.servlet;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the test JVM (root logger; {@code logback-test.xml} sets
 * {@code org.speakr} to TRACE) from the first use on, formatted with its arguments and stack trace.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> {
    private static final LogCapture INSTANCE = new LogCapture();
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    static {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        INSTANCE.setContext(context);
        INSTANCE.setName("canary-capture");
        INSTANCE.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(INSTANCE);
    }

    private LogCapture() {
    }

    /** Attaches the appender (once). */
    static void install() {
        // the static initialiser does the work
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder()
                .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ')
                .append(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        lines.add(line.toString());
    }

    /** @return how many events were logged since {@link #install()}, for {@link #since(int)} */
    static int count() {
        return INSTANCE.lines.size();
    }

    /** @return the events logged after the first {@code count}, each with its stack */
    static java.util.List<String> since(int count) {
        return INSTANCE.lines.stream().skip(count).toList();
    }

    /** @return everything logged since {@link #install()} */
    static String text() {
        return String.join("\n", INSTANCE.lines);
    }
}
