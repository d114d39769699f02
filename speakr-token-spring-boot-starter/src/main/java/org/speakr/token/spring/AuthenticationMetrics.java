package org.speakr.token.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.core.TokenEvent;
import org.speakr.token.core.TokenEventListener;

/**
 * The timer {@value #METER} with a {@code result} tag of ten values: {@code authenticated}, {@code malformed},
 * {@code unknown}, {@code expired}, {@code revoked}, {@code rotated}, {@code network_not_allowed} (the filter's
 * 403 for a token used from outside its allowed networks, told from {@code insufficient_scope} by its challenge),
 * {@code insufficient_scope}, {@code throttled}, {@code unavailable}. The reason of a 401 comes from the service's authentication-failed event on the same
 * thread; a 401 without one was refused by the filter before the service (a malformed value).
 */
final class AuthenticationMetrics implements AuthenticationObserver, TokenEventListener {
    static final String METER = "speakr.token.authentications";
    /** The error code of the filter's network refusal, as its challenge names it. */
    private static final String NETWORK_NOT_ALLOWED = "error=\"network_not_allowed\"";

    private final Timer authenticated;
    private final Timer malformed;
    private final Timer insufficientScope;
    private final Timer throttled;
    private final Timer unavailable;
    private final Map<RejectionReason, Timer> rejected = new EnumMap<>(RejectionReason.class);
    private final ThreadLocal<RejectionReason> lastRejection = new ThreadLocal<>();

    AuthenticationMetrics(MeterRegistry registry) {
        this.authenticated = timer(registry, "authenticated");
        this.malformed = timer(registry, "malformed");
        this.insufficientScope = timer(registry, "insufficient_scope");
        this.throttled = timer(registry, "throttled");
        this.unavailable = timer(registry, "unavailable");
        for (RejectionReason reason : RejectionReason.values()) {
            rejected.put(reason, reason == RejectionReason.MALFORMED ? malformed
                    : timer(registry, reason.name().toLowerCase(Locale.ROOT)));
        }
    }

    private static Timer timer(MeterRegistry registry, String result) {
        return Timer.builder(METER)
                .description("Requests that presented an API token, by result, and the time to answer them")
                .tag("result", result)
                .register(registry);
    }

    @Override
    public void onEvent(TokenEvent event) {
        if (event instanceof TokenEvent.AuthenticationFailed failed) {
            lastRejection.set(failed.reason());
        }
    }

    @Override
    public void begin() {
        lastRejection.remove();
    }

    @Override
    public void authenticated(long startNanos) {
        record(authenticated, startNanos);
    }

    @Override
    public void refused(HttpServletResponse response, long startNanos) {
        RejectionReason reason = lastRejection.get();
        lastRejection.remove();
        Timer timer = switch (response.getStatus()) {
            case HttpServletResponse.SC_SERVICE_UNAVAILABLE -> unavailable;
            case 429 -> throttled;
            case HttpServletResponse.SC_FORBIDDEN -> challenges(response, NETWORK_NOT_ALLOWED)
                    ? rejected.get(RejectionReason.NETWORK_NOT_ALLOWED) : insufficientScope;
            case HttpServletResponse.SC_BAD_REQUEST -> malformed;
            case HttpServletResponse.SC_UNAUTHORIZED -> reason != null ? rejected.get(reason)
                    : challengesWithError(response) ? malformed : null; // else: no token in required mode
            default -> null;
        };
        if (timer != null) {
            record(timer, startNanos);
        }
    }

    private static boolean challengesWithError(HttpServletResponse response) {
        return challenges(response, "error=");
    }

    private static boolean challenges(HttpServletResponse response, String part) {
        String challenge = response.getHeader("WWW-Authenticate");
        return challenge != null && challenge.contains(part);
    }

    private static void record(Timer timer, long startNanos) {
        timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
