package org.speakr.token.servlet;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.speakr.token.core.ApiTokenSettings;
import org.speakr.token.core.ApiTokens;

/**
 * Reads an {@link ApiTokenFilter}'s init-params from {@code web.xml}: validates every name and value,
 * then finds the token service through {@value ApiTokenFilter#TOKEN_SERVICE_ATTRIBUTE} or
 * {@value ApiTokenFilter#TOKEN_SERVICE_FACTORY}. Every failure is a {@link ServletException} whose message
 * names the init-param.
 */
final class WebXmlConfiguration {

    /**
     * What {@code web.xml} configured.
     *
     * @param settings the filter settings
     * @param tokens the token service
     * @param owned whether the filter created the service (through a factory) and must close it
     * @param source how the service was found, for the log
     */
    record Result(FilterSettings settings, ApiTokens tokens, boolean owned, String source) {
    }

    private WebXmlConfiguration() {
    }

    static Result read(FilterConfig config) throws ServletException {
        Set<String> names = new HashSet<>(Collections.list(config.getInitParameterNames()));
        String attribute = config.getInitParameter(ApiTokenFilter.TOKEN_SERVICE_ATTRIBUTE);
        String factoryClass = config.getInitParameter(ApiTokenFilter.TOKEN_SERVICE_FACTORY);
        if ((attribute == null) == (factoryClass == null)) {
            throw new ServletException("Exactly one of the init-params " + ApiTokenFilter.TOKEN_SERVICE_ATTRIBUTE
                    + " and " + ApiTokenFilter.TOKEN_SERVICE_FACTORY + " is required, "
                    + (attribute == null ? "neither was given" : "both were given"));
        }
        TokenServiceFactory factory = factoryClass == null ? null : instantiate(config, factoryClass.strip());
        Set<String> known = new TreeSet<>(ApiTokenFilter.INIT_PARAMETER_NAMES);
        if (factory != null) {
            Set<String> extra = factory.parameterNames();
            if (extra != null) {
                known.addAll(extra);
            }
        }
        List<String> unknown = new ArrayList<>(new TreeSet<>(names));
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new ServletException("Unknown init-param '" + unknown.get(0) + "' for ApiTokenFilter; known: " + known);
        }
        FilterSettings settings = settings(config);
        if (factory != null) {
            return new Result(settings, create(config, factory, factoryClass.strip()), true,
                    ApiTokenFilter.TOKEN_SERVICE_FACTORY + " " + factoryClass.strip());
        }
        return new Result(settings, lookUp(config.getServletContext(), attribute.strip()), false,
                ApiTokenFilter.TOKEN_SERVICE_ATTRIBUTE + " " + attribute.strip());
    }

    private static FilterSettings settings(FilterConfig config) throws ServletException {
        try {
            String mode = config.getInitParameter(ApiTokenFilter.MODE);
            String realm = config.getInitParameter(ApiTokenFilter.REALM);
            String allowQuery = config.getInitParameter(ApiTokenFilter.ALLOW_QUERY_PARAMETER);
            String queryParameter = config.getInitParameter(ApiTokenFilter.QUERY_PARAMETER);
            String scopes = config.getInitParameter(ApiTokenFilter.REQUIRED_SCOPES);
            String failureLimit = config.getInitParameter(ApiTokenFilter.FAILURE_LIMIT);
            String failureWindow = config.getInitParameter(ApiTokenFilter.FAILURE_WINDOW);
            String expirationHeader = config.getInitParameter(ApiTokenFilter.EXPIRATION_HEADER);
            return new FilterSettings(
                    mode == null ? FilterSettings.DEFAULT_MODE : FilterSettings.mode(ApiTokenFilter.MODE, mode),
                    realm == null ? FilterSettings.DEFAULT_REALM : FilterSettings.realm(ApiTokenFilter.REALM, realm.strip()),
                    allowQuery == null ? FilterSettings.DEFAULT_ALLOW_QUERY_PARAMETER
                            : ApiTokenSettings.parseBoolean(ApiTokenFilter.ALLOW_QUERY_PARAMETER, allowQuery),
                    queryParameter == null ? FilterSettings.DEFAULT_QUERY_PARAMETER
                            : FilterSettings.queryParameter(ApiTokenFilter.QUERY_PARAMETER, queryParameter.strip()),
                    scopes == null ? List.of() : FilterSettings.parseScopes(ApiTokenFilter.REQUIRED_SCOPES, scopes),
                    failureLimit == null ? FilterSettings.DEFAULT_FAILURE_LIMIT
                            : ApiTokenSettings.parsePositiveInt(ApiTokenFilter.FAILURE_LIMIT, failureLimit),
                    failureWindow == null ? FilterSettings.DEFAULT_FAILURE_WINDOW
                            : FilterSettings.failureWindow(ApiTokenFilter.FAILURE_WINDOW,
                                    ApiTokenSettings.parseDuration(ApiTokenFilter.FAILURE_WINDOW, failureWindow)),
                    expirationHeader == null ? FilterSettings.DEFAULT_EXPIRATION_HEADER
                            : ApiTokenSettings.parseBoolean(ApiTokenFilter.EXPIRATION_HEADER, expirationHeader),
                    Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new ServletException("Invalid init-param " + e.getMessage());
        }
    }

    private static TokenServiceFactory instantiate(FilterConfig config, String className) throws ServletException {
        String param = ApiTokenFilter.TOKEN_SERVICE_FACTORY;
        if (className.isEmpty()) {
            throw new ServletException("Invalid init-param " + param + ": a class name is required");
        }
        Class<?> type = load(config.getServletContext(), className);
        if (!TokenServiceFactory.class.isAssignableFrom(type)) {
            throw new ServletException("Invalid init-param " + param + ": " + className + " does not implement "
                    + TokenServiceFactory.class.getName());
        }
        try {
            return (TokenServiceFactory) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ServletException("Invalid init-param " + param + ": " + className
                    + " needs a public no-arg constructor", e);
        } catch (InstantiationException | InvocationTargetException | RuntimeException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new ServletException("Invalid init-param " + param + ": cannot instantiate " + className
                    + ": " + cause, cause);
        }
    }

    private static Class<?> load(ServletContext context, String className) throws ServletException {
        List<ClassLoader> loaders = new ArrayList<>(3);
        loaders.add(Thread.currentThread().getContextClassLoader());
        try {
            loaders.add(context == null ? null : context.getClassLoader());
        } catch (SecurityException | UnsupportedOperationException e) {
            // not allowed to ask: try the others
        }
        loaders.add(WebXmlConfiguration.class.getClassLoader());
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        throw new ServletException("Invalid init-param " + ApiTokenFilter.TOKEN_SERVICE_FACTORY
                + ": class not found: " + className);
    }

    private static ApiTokens create(FilterConfig config, TokenServiceFactory factory, String className)
            throws ServletException {
        ApiTokens tokens;
        try {
            tokens = factory.create(config);
        } catch (RuntimeException e) {
            throw new ServletException("Invalid init-param " + ApiTokenFilter.TOKEN_SERVICE_FACTORY + ": "
                    + className + " failed to create the token service: " + e, e);
        }
        if (tokens == null) {
            throw new ServletException("Invalid init-param " + ApiTokenFilter.TOKEN_SERVICE_FACTORY + ": "
                    + className + " returned no token service");
        }
        return tokens;
    }

    private static ApiTokens lookUp(ServletContext context, String attribute) throws ServletException {
        String param = ApiTokenFilter.TOKEN_SERVICE_ATTRIBUTE;
        if (attribute.isEmpty()) {
            throw new ServletException("Invalid init-param " + param + ": an attribute name is required");
        }
        Object value = context.getAttribute(attribute);
        if (value == null) {
            throw new ServletException("Invalid init-param " + param + ": ServletContext attribute '" + attribute
                    + "' is not set; set it to an " + ApiTokens.class.getName()
                    + " in a ServletContextListener that runs before the filter is initialised");
        }
        if (!(value instanceof ApiTokens)) {
            throw new ServletException("Invalid init-param " + param + ": ServletContext attribute '" + attribute
                    + "' holds a " + value.getClass().getName() + ", not an " + ApiTokens.class.getName());
        }
        return (ApiTokens) value;
    }
}
