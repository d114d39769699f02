package org.speakr.token.servlet;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.speakr.token.core.ApiTokenSettings;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.internal.SettingValues;
import org.speakr.token.core.spi.TokenServiceFactory;

/**
 * What a {@link WebXmlApiTokenFilter}'s init-params configure: the filter, built through
 * {@link ApiTokenFilter.Builder#apply(Map)}, over the service found through {@value #TOKEN_SERVICE_ATTRIBUTE} or
 * made by {@value #TOKEN_SERVICE_FACTORY}. Every failure is a {@link ServletException} with the standard message.
 *
 * @param filter the filter
 * @param owned the service a factory made, which the filter must close; {@code null} for an attribute's
 * @param source how the service was found, for the log
 */
record WebXmlConfiguration(ApiTokenFilter filter, ApiTokens owned, String source) {
    /** Init-param: the ServletContext attribute holding the {@link ApiTokens}. */
    static final String TOKEN_SERVICE_ATTRIBUTE = "token-service-attribute";
    /** Init-param: the {@link TokenServiceFactory} class name. */
    static final String TOKEN_SERVICE_FACTORY = "token-service-factory";

    static WebXmlConfiguration read(FilterConfig config) throws ServletException {
        Map<String, String> own = new TreeMap<>();
        Map<String, String> others = new TreeMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            (ApiTokenFilterSettings.NAMES.contains(name) ? own : others).put(name, config.getInitParameter(name));
        }
        String attribute = others.remove(TOKEN_SERVICE_ATTRIBUTE);
        String factoryClass = others.remove(TOKEN_SERVICE_FACTORY);
        if (attribute != null && factoryClass != null) {
            throw failure(SettingValues.invalid(TOKEN_SERVICE_ATTRIBUTE,
                    "no value when " + TOKEN_SERVICE_FACTORY + " is given", attribute));
        }
        if (attribute == null && factoryClass == null) {
            throw failure(SettingValues.invalid(TOKEN_SERVICE_FACTORY,
                    "a TokenServiceFactory class name when " + TOKEN_SERVICE_ATTRIBUTE + " is not given", null));
        }
        TokenServiceFactory factory = factoryClass == null ? null : instantiate(config, factoryClass.strip());
        Set<String> known = new TreeSet<>(ApiTokenFilterSettings.NAMES);
        known.add(TOKEN_SERVICE_ATTRIBUTE);
        known.add(TOKEN_SERVICE_FACTORY);
        if (factory != null) {
            known.addAll(ApiTokenSettings.NAMES);
            known.addAll(factory.settingNames());
        }
        for (Map.Entry<String, String> param : others.entrySet()) {
            if (!known.contains(param.getKey())) {
                throw failure(SettingValues.invalid(param.getKey(), "one of the known init-params " + known,
                        param.getValue()));
            }
        }
        if (factory == null) {
            ApiTokens tokens = lookUp(config.getServletContext(), attribute.strip());
            return new WebXmlConfiguration(build(tokens, own), null, TOKEN_SERVICE_ATTRIBUTE + " " + attribute.strip());
        }
        ApiTokens tokens = create(factory, factoryClass.strip(), others);
        try {
            return new WebXmlConfiguration(build(tokens, own), tokens, TOKEN_SERVICE_FACTORY + " " + factoryClass.strip());
        } catch (ServletException | RuntimeException e) {
            tokens.close();
            throw e;
        }
    }

    private static ApiTokenFilter build(ApiTokens tokens, Map<String, String> settings) throws ServletException {
        try {
            return ApiTokenFilter.builder(tokens).apply(settings).build();
        } catch (IllegalArgumentException e) {
            throw failure(e);
        }
    }

    private static ServletException failure(IllegalArgumentException e) {
        return new ServletException(e.getMessage(), e);
    }

    private static ServletException factoryFailure(String rule, String className, Throwable cause) {
        return new ServletException(SettingValues.invalid(TOKEN_SERVICE_FACTORY, rule, className).getMessage(), cause);
    }

    private static TokenServiceFactory instantiate(FilterConfig config, String className) throws ServletException {
        Class<?> type = load(config.getServletContext(), className);
        if (!TokenServiceFactory.class.isAssignableFrom(type)) {
            throw factoryFailure("a class implementing " + TokenServiceFactory.class.getName(), className, null);
        }
        try {
            return (TokenServiceFactory) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw factoryFailure("a class with a public no-arg constructor", className, e);
        } catch (InstantiationException | InvocationTargetException | RuntimeException e) {
            throw factoryFailure("a class that can be instantiated", className,
                    e instanceof InvocationTargetException ? e.getCause() : e);
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
            if (loader == null || className.isEmpty()) {
                continue;
            }
            try {
                return Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        throw factoryFailure("a class on the web application's class path", className, null);
    }

    private static ApiTokens create(TokenServiceFactory factory, String className, Map<String, String> settings)
            throws ServletException {
        ApiTokens tokens;
        try {
            tokens = factory.create(Collections.unmodifiableMap(settings));
        } catch (IllegalArgumentException e) {
            throw failure(e);
        } catch (RuntimeException e) {
            throw factoryFailure("a factory that creates the token service (it threw " + e.getClass().getName() + ")",
                    className, e);
        }
        if (tokens == null) {
            throw factoryFailure("a factory that returns a token service (it returned null)", className, null);
        }
        return tokens;
    }

    static ApiTokens lookUp(ServletContext context, String attribute) throws ServletException {
        Object value = attribute.isEmpty() ? null : context.getAttribute(attribute);
        if (!(value instanceof ApiTokens tokens)) {
            throw failure(SettingValues.invalid(TOKEN_SERVICE_ATTRIBUTE, "the name of a ServletContext attribute "
                    + "holding an " + ApiTokens.class.getName() + ", set by a ServletContextListener that runs "
                    + "before the filter starts" + (value == null ? "" : " (it holds a " + value.getClass().getName() + ")"),
                    attribute));
        }
        return tokens;
    }
}
