package org.speakr.token.testkit.canary;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;

/**
 * A logback appender that scans every event it receives, as it arrives: the formatted message, the raw
 * arguments, the MDC, and every throwable in the chain (class, message, suppressed and causes). Nothing is kept
 * but the masked hits. {@link CanaryListener} attaches it to the root logger for the whole test run.
 */
public final class CanaryAppender extends AppenderBase<ILoggingEvent> {

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage() == null ? "" : event.getFormattedMessage());
        Object[] arguments = event.getArgumentArray();
        if (arguments != null) {
            for (Object argument : arguments) {
                text.append('\n').append(argument);
            }
        }
        event.getMDCPropertyMap().forEach((key, value) -> text.append('\n').append(key).append('=').append(value));
        appendThrowable(text, event.getThrowableProxy(), 0);
        TokenCanary.scan(text.toString(), "log " + event.getLevel() + " " + event.getLoggerName()
                + " [" + event.getThreadName() + "] during " + CanaryListener.currentTest());
    }

    private static void appendThrowable(StringBuilder text, IThrowableProxy t, int depth) {
        if (t == null || depth > 20) {
            return;
        }
        text.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
        StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
        if (frames != null) {
            for (StackTraceElementProxy frame : frames) {
                text.append("\n\tat ").append(frame.getSTEAsString());
            }
        }
        IThrowableProxy[] suppressed = t.getSuppressed();
        if (suppressed != null) {
            for (IThrowableProxy s : suppressed) {
                appendThrowable(text, s, depth + 1);
            }
        }
        appendThrowable(text, t.getCause(), depth + 1);
    }
}
