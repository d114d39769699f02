package org.speakr.token.example;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.TokenStoreException;
import org.speakr.token.servlet.BearerTokenError;

/**
 * A JSON resource below {@code /api}, one servlet per resource: finds the {@link Caller}, lets the resource
 * answer, and turns an {@link ApiError} or a failed database into a JSON answer, never a stack trace.
 */
abstract class ApiResource extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(ApiResource.class);

    final Repository repository;

    ApiResource(Repository repository) {
        this.repository = repository;
    }

    /**
     * Answers a request of {@code caller}.
     *
     * @param method the HTTP method; {@code GET} for {@code HEAD} too (Jetty sends the headers without the body)
     * @param path the rest of the path after the resource's own, e.g. {@code /12/transcript}, or {@code null}
     */
    abstract void answer(String method, String path, Caller caller, HttpServletRequest request,
            HttpServletResponse response) throws IOException, SQLException, ApiError;

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
        try {
            answer(method, request.getPathInfo(), Caller.of(request, repository), request, response);
        } catch (ApiError e) {
            e.send(response);
        } catch (TokenStoreException e) {
            log.error("Token store failed on {} {}: {}", method, request.getRequestURI(), e.getMessage());
            new ApiError(BearerTokenError.unavailable(ApiError.RETRY_AFTER_SECONDS)).send(response);
        } catch (SQLException e) {
            log.error("Database failed on {} {}: {}", method, request.getRequestURI(), e.toString());
            if (!response.isCommitted()) {
                response.resetBuffer();
                ApiError.databaseUnavailable().send(response);
            }
        } catch (RuntimeException e) {
            log.error("Failed on {} {}", method, request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                new ApiError(500, "Internal server error").send(response);
            }
        }
    }

    /** @throws ApiError 405 unless {@code method} is one of {@code allowed} */
    static void allow(String method, String... allowed) throws ApiError {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw ApiError.methodNotAllowed(allowed);
    }

    /**
     * @return the parameter {@code name} as an integer from {@code min} to {@code max}, or {@code absent}
     * @throws ApiError 400 when it is given twice, is not a number or is out of range
     */
    static int intParameter(HttpServletRequest request, String name, int min, int max, int absent)
            throws ApiError {
        String[] values = request.getParameterValues(name);
        if (values == null) {
            return absent;
        }
        if (values.length > 1) {
            throw new ApiError(400, name + " must be given once");
        }
        long value = digits(values[0]);
        if (value < min || value > max) {
            throw new ApiError(400, name + " must be an integer from " + min + " to " + max);
        }
        return (int) value;
    }

    /** The {@code pagination} object of a paged list ({@code page}, {@code per_page} parameters). */
    record Pagination(int page, int perPage, long total, long totalPages, boolean hasNext, boolean hasPrev) {
        static final int DEFAULT_PER_PAGE = 25;
        static final int MAX_PER_PAGE = 100;
        static final int MAX_PAGE = 1_000_000;

        /** @throws ApiError 400 for a bad {@code page} parameter (absent: 1) */
        static int page(HttpServletRequest request) throws ApiError {
            return intParameter(request, "page", 1, MAX_PAGE, 1);
        }

        /** @throws ApiError 400 for a bad {@code per_page} parameter (absent: {@value #DEFAULT_PER_PAGE}) */
        static int perPage(HttpServletRequest request) throws ApiError {
            return intParameter(request, "per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE);
        }

        static Pagination of(int page, int perPage, long total) {
            long totalPages = (total + perPage - 1) / perPage;
            return new Pagination(page, perPage, total, totalPages, page < totalPages, page > 1);
        }
    }

    /** @return the value of 1 to 18 decimal digits, or -1 for anything else */
    static long digits(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(text);
    }

    /** Every other path below {@code /api}: 404 to a caller, 401 to anyone else. */
    static final class NotFound extends ApiResource {
        NotFound(Repository repository) {
            super(repository);
        }

        @Override
        void answer(String method, String path, Caller caller, HttpServletRequest request,
                HttpServletResponse response) throws ApiError {
            throw new ApiError(404, "Not found");
        }
    }
}
