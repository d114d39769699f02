package org.speakr.token.example;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code GET /api/tokens/leaks}: the caller's tokens that were revoked because they were found published, with
 * where and by whom ({@link LeakLog}), newest first; the token page shows them in its banner and table.
 */
final class LeaksServlet extends ApiResource {
    private final LeakLog leakLog;

    LeaksServlet(Repository repository, LeakLog leakLog) {
        super(repository);
        this.leakLog = leakLog;
    }

    record Leaks(List<LeakLog.Leak> leaks) {
    }

    @Override
    void answer(String method, String path, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException, SQLException, ApiError {
        allow(method, "GET");
        Json.write(response, 200, new Leaks(leakLog.forOwner(caller.username())));
    }
}
