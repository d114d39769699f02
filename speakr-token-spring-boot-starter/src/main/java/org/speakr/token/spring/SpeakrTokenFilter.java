package org.speakr.token.spring;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.servlet.ApiTokenFilter;

/**
 * Runs the library's {@link ApiTokenFilter} on the covered paths, tells the observer how each token request was
 * answered, and continues an authenticated request through {@link Continuation} (Spring Security's context).
 */
final class SpeakrTokenFilter implements Filter {
    /** How an authenticated request continues. */
    @FunctionalInterface
    interface Continuation {
        Continuation PLAIN = (request, response, principal, chain) -> chain.doFilter(request, response);

        void proceed(ServletRequest request, ServletResponse response, ApiTokenPrincipal principal, FilterChain chain)
                throws IOException, ServletException;
    }

    private final ApiTokenFilter filter;
    /** The covered paths, or {@code null} for every request. */
    private final RequestPaths paths;
    private final AuthenticationObserver observer;
    private final Continuation continuation;
    /**
     * The request as the library's filter is to read it (a view of the request). Only the filter reads through it:
     * the chain after the filter gets the request itself, as the filter passes it on.
     */
    private final UnaryOperator<ServletRequest> asRead;

    SpeakrTokenFilter(ApiTokenFilter filter, RequestPaths paths, AuthenticationObserver observer,
            Continuation continuation) {
        this(filter, paths, observer, continuation, UnaryOperator.identity());
    }

    SpeakrTokenFilter(ApiTokenFilter filter, RequestPaths paths, AuthenticationObserver observer,
            Continuation continuation, UnaryOperator<ServletRequest> asRead) {
        this.filter = filter;
        this.paths = paths;
        this.observer = observer;
        this.continuation = continuation;
        this.asRead = asRead;
    }

    ApiTokenFilter filter() {
        return filter;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (paths != null && req instanceof HttpServletRequest request && !paths.matches(request)) {
            chain.doFilter(req, res);
            return;
        }
        // An error dispatch of a token request authenticates again (for the error page) but is not counted twice.
        AuthenticationObserver observer = req.getDispatcherType() == DispatcherType.REQUEST ? this.observer
                : AuthenticationObserver.NONE;
        observer.begin();
        long start = System.nanoTime();
        boolean[] reached = {false};
        ServletRequest view = asRead.apply(req);
        filter.doFilter(view, res, (passed, response) -> {
            reached[0] = true;
            ServletRequest request = withoutView(passed, view, req);
            Optional<ApiTokenPrincipal> principal = ApiTokenFilter.principal(request);
            if (principal.isPresent()) {
                observer.authenticated(start);
                continuation.proceed(request, response, principal.get(), chain);
            } else {
                chain.doFilter(request, response);
            }
        });
        if (!reached[0] && res instanceof HttpServletResponse response) {
            observer.refused(response, start);
        }
    }

    /**
     * The request the filter passed on, with the reading view replaced by the request it was made of: the filter
     * passes on the view itself, or its own wrapper of it (the token-hiding request, made for this request alone).
     * The chain after it then reads every header as the container and the firewall give it, and through one
     * wrapper fewer.
     */
    private static ServletRequest withoutView(ServletRequest passed, ServletRequest view, ServletRequest original) {
        if (view == original) {
            return passed;
        }
        if (passed == view) {
            return original;
        }
        if (passed instanceof ServletRequestWrapper wrapper && wrapper.getRequest() == view) {
            wrapper.setRequest(original);
        }
        return passed;
    }

    @Override
    public String toString() {
        return "SpeakrTokenFilter[" + (paths == null ? "every request" : paths) + ", " + filter + "]";
    }
}
