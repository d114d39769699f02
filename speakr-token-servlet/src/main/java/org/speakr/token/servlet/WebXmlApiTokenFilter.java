package org.speakr.token.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokens;

/**
 * {@link ApiTokenFilter} for {@code web.xml}: a no-arg filter that reads its init-params in {@link #init}, builds
 * an {@link ApiTokenFilter} from them through {@link ApiTokenFilter.Builder#apply(java.util.Map)} and delegates
 * every request to it.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>api-tokens</filter-name>
 *   <filter-class>org.speakr.token.servlet.WebXmlApiTokenFilter</filter-class>
 *   <init-param><param-name>token-service-attribute</param-name><param-value>speakr.tokens</param-value></init-param>
 *   <init-param><param-name>required-scopes</param-name><param-value>recordings:read</param-value></init-param>
 * </filter>
 * }</pre>
 *
 * <table>
 * <caption>Init-params besides those of {@link ApiTokenFilterSettings}</caption>
 * <tr><th>name</th><th>value</th></tr>
 * <tr><td>{@code token-service-attribute}</td><td>name of a {@code ServletContext} attribute holding an
 *     {@link ApiTokens}, set by a {@code ServletContextListener}; the filter does not close it</td></tr>
 * <tr><td>{@code token-service-factory}</td><td>class name of a
 *     {@link org.speakr.token.core.spi.TokenServiceFactory} with a public no-arg constructor; it is given every
 *     init-param that is not the filter's own (core settings of {@code ApiTokenSettings} and its
 *     {@code settingNames()}), and the filter closes the service it creates in {@link #destroy()}</td></tr>
 * </table>
 * Exactly one of the two is required. An unknown init-param, a bad value or a factory that fails makes
 * {@link #init} throw a {@link ServletException} with the message {@code <init-param>: expected <rule>, got '<value>'},
 * so the deployment fails.
 *
 * <p>Thread-safe once initialised; initialise it once.
 */
public final class WebXmlApiTokenFilter implements Filter {
    private static final Logger log = LoggerFactory.getLogger(WebXmlApiTokenFilter.class);

    private volatile WebXmlConfiguration configured;

    /** For {@code web.xml}: the configuration is read from init-params in {@link #init(FilterConfig)}. */
    public WebXmlApiTokenFilter() {
    }

    /**
     * Reads the init-params and builds the filter.
     *
     * @throws ServletException in the standard form, naming the init-param that is unknown or invalid, or if
     *         this filter was already initialised
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        if (configured != null) {
            throw new ServletException("WebXmlApiTokenFilter '" + config.getFilterName() + "' is already initialised");
        }
        WebXmlConfiguration read = WebXmlConfiguration.read(config);
        configured = read;
        log.info("ApiTokenFilter '{}' ready with the token service from {}: {}", config.getFilterName(),
                read.source(), read.filter());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        WebXmlConfiguration c = configured;
        if (c == null) {
            throw new ServletException("WebXmlApiTokenFilter is used before init or after destroy");
        }
        c.filter().doFilter(request, response, chain);
    }

    /** Closes the token service if this filter created it through a factory. */
    @Override
    public void destroy() {
        WebXmlConfiguration c = configured;
        configured = null;
        if (c != null && c.owned() != null) {
            c.owned().close();
        }
    }

    /** @return the built filter's settings, or that it is not initialised */
    @Override
    public String toString() {
        WebXmlConfiguration c = configured;
        return "WebXmlApiTokenFilter[" + (c == null ? "not initialised" : c.filter() + " from " + c.source()) + "]";
    }
}
