package org.speakr.token.servlet;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.util.Set;
import org.speakr.token.core.ApiTokens;

/**
 * Creates the token service for an {@link ApiTokenFilter} deployed from {@code web.xml}.
 *
 * <p>Name the implementing class in the filter's {@value ApiTokenFilter#TOKEN_SERVICE_FACTORY}
 * init-param. The filter instantiates it through its public no-arg constructor, checks every
 * init-param name against its own names and {@link #parameterNames()}, then calls
 * {@link #create(FilterConfig)} once from {@code init}. The filter owns the returned service and
 * closes it in {@code destroy()}.
 */
public interface TokenServiceFactory {

    /**
     * Init-param names this factory reads, besides the filter's own; the filter accepts them
     * instead of failing deployment.
     *
     * @return the extra init-param names; empty by default
     */
    default Set<String> parameterNames() {
        return Set.of();
    }

    /**
     * Creates the service; the filter closes it in {@code destroy()}.
     *
     * @param config the filter's configuration, for reading init-params and the servlet context
     * @return a new token service, never {@code null}
     * @throws ServletException naming the bad init-param, if the configuration is invalid
     */
    ApiTokens create(FilterConfig config) throws ServletException;
}
