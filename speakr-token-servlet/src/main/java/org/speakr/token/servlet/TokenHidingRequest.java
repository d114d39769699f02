package org.speakr.token.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.speakr.token.core.ApiTokenPrincipal;

/**
 * The request as the application sees it after the filter: the {@code Authorization},
 * {@code X-API-Token} and {@code API-Token} headers are absent, the token query parameter is gone from
 * {@link #getQueryString()} and every {@code getParameter*} method, and, when authenticated,
 * {@link #getUserPrincipal()} is the token's {@link ApiTokenPrincipal}, and so is the request attribute
 * {@value ApiTokenFilter#PRINCIPAL_ATTRIBUTE}. The attribute is answered here, so every wrapper added later sees
 * it; the filter also stores it in the container's attribute map for ERROR and ASYNC dispatches, which start from
 * the unwrapped request.
 *
 * <p>Query parameters precede body parameters in the parameter map (Servlet 6.0 §3.1), so removing the
 * first {@code hiddenQueryValues} values of the query parameter removes exactly those from the query
 * string. The original request's parameter map is only read when the application asks for it.
 */
final class TokenHidingRequest extends HttpServletRequestWrapper {
    private final ApiTokenPrincipal principal;
    private final String queryParameter;
    private final int hiddenQueryValues;
    private final String queryString;

    /**
     * @param request the original request
     * @param principal the authenticated token, or {@code null} when passing on unauthenticated
     * @param queryParameter the token query parameter's name, or {@code null} if it is not enabled
     * @param hiddenQueryValues how many occurrences of it the raw query string holds
     */
    TokenHidingRequest(HttpServletRequest request, ApiTokenPrincipal principal, String queryParameter,
            int hiddenQueryValues) {
        super(request);
        this.principal = principal;
        this.queryParameter = hiddenQueryValues > 0 ? queryParameter : null;
        this.hiddenQueryValues = hiddenQueryValues;
        this.queryString = this.queryParameter == null
                ? request.getQueryString()
                : QueryString.without(request.getQueryString(), queryParameter);
    }

    @Override
    public String getHeader(String name) {
        return ApiTokenFilter.isTokenHeader(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return ApiTokenFilter.isTokenHeader(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        Enumeration<String> all = super.getHeaderNames();
        while (all != null && all.hasMoreElements()) {
            String name = all.nextElement();
            if (!ApiTokenFilter.isTokenHeader(name)) {
                names.add(name);
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public int getIntHeader(String name) {
        return ApiTokenFilter.isTokenHeader(name) ? -1 : super.getIntHeader(name);
    }

    @Override
    public long getDateHeader(String name) {
        return ApiTokenFilter.isTokenHeader(name) ? -1 : super.getDateHeader(name);
    }

    @Override
    public String getQueryString() {
        return queryString;
    }

    @Override
    public String getParameter(String name) {
        String[] values = getParameterValues(name);
        return values == null ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = super.getParameterValues(name);
        if (values == null || queryParameter == null || !queryParameter.equals(name)) {
            return values;
        }
        return values.length > hiddenQueryValues ? Arrays.copyOfRange(values, hiddenQueryValues, values.length) : null;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> all = super.getParameterMap();
        if (queryParameter == null || !all.containsKey(queryParameter)) {
            return all;
        }
        Map<String, String[]> visible = new LinkedHashMap<>(all);
        String[] values = getParameterValues(queryParameter);
        if (values == null) {
            visible.remove(queryParameter);
        } else {
            visible.put(queryParameter, values);
        }
        return Collections.unmodifiableMap(visible);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(getParameterMap().keySet());
    }

    @Override
    public Principal getUserPrincipal() {
        return principal != null ? principal : super.getUserPrincipal();
    }

    @Override
    public String getRemoteUser() {
        return principal != null ? principal.owner() : super.getRemoteUser();
    }

    @Override
    public String getAuthType() {
        return principal != null ? ApiTokenFilter.AUTH_TYPE : super.getAuthType();
    }

    @Override
    public Object getAttribute(String name) {
        return principal != null && ApiTokenFilter.PRINCIPAL_ATTRIBUTE.equals(name) ? principal : super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        Enumeration<String> names = super.getAttributeNames();
        if (principal == null) {
            return names;
        }
        List<String> all = new ArrayList<>();
        all.add(ApiTokenFilter.PRINCIPAL_ATTRIBUTE);
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            if (!ApiTokenFilter.PRINCIPAL_ATTRIBUTE.equals(name)) {
                all.add(name);
            }
        }
        return Collections.enumeration(all);
    }

    /** Tokens carry scopes, not roles: an authenticated token is in no role. Use {@link ApiTokenPrincipal#hasScope}. */
    @Override
    public boolean isUserInRole(String role) {
        return principal == null && super.isUserInRole(role);
    }
}
