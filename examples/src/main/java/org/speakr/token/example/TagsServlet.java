package org.speakr.token.example;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

/** {@code GET /api/tags}: the caller's tags, each with the number of its recordings. */
final class TagsServlet extends ApiResource {

    TagsServlet(Repository repository) {
        super(repository);
    }

    record Tags(List<Repository.TagCount> tags) {
    }

    @Override
    void answer(String method, String path, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException, SQLException, ApiError {
        if (path != null) {
            throw new ApiError(404, "Not found");
        }
        allow(method, "GET");
        Json.write(response, 200, new Tags(repository.tags(caller.userId())));
    }
}
