package org.speakr.token.example;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/recordings?page=&per_page=} (newest first), {@code /api/recordings/{id}},
 * {@code /api/recordings/{id}/transcript} and {@code /api/recordings/{id}/summary}: the caller's own recordings.
 */
final class RecordingsServlet extends ApiResource {

    RecordingsServlet(Repository repository) {
        super(repository);
    }

    record Page(Pagination pagination, List<Item> recordings) {
    }

    record Item(long id, String title, String status, Instant createdAt, List<Repository.Tag> tags) {
    }

    record Details(long id, String title, String status, Instant createdAt, Instant completedAt, String participants,
            int durationSeconds, List<Repository.Tag> tags, boolean hasTranscript, boolean hasSummary) {
    }

    record Transcript(long recordingId, String transcript, List<Repository.Segment> segments) {
    }

    record Summary(long recordingId, String summary, boolean hasSummary) {
    }

    @Override
    void answer(String method, String path, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException, SQLException, ApiError {
        String[] parts = path == null ? new String[0] : path.substring(1).split("/", -1);
        if (parts.length > 2 || (parts.length == 2 && !parts[1].equals("transcript") && !parts[1].equals("summary"))
                || (parts.length > 0 && parts[0].isEmpty())) {
            throw new ApiError(404, "Not found");
        }
        allow(method, "GET");
        if (parts.length == 0) {
            Json.write(response, 200, page(caller, request));
            return;
        }
        Repository.RecordingRow row = ownRecording(caller, parts[0]);
        if (parts.length == 1) {
            Json.write(response, 200, new Details(row.id(), row.title(), row.status(), row.createdAt(),
                    row.completedAt(), row.participants(), row.durationSeconds(), row.tags(), row.hasTranscript(),
                    row.hasSummary()));
        } else if (parts[1].equals("transcript")) {
            if (!row.hasTranscript()) {
                throw new ApiError(404, "Transcript not found");
            }
            Json.write(response, 200, new Transcript(row.id(), row.transcript(), repository.segments(row.id())));
        } else {
            Json.write(response, 200, new Summary(row.id(), row.summary(), row.hasSummary()));
        }
    }

    private Page page(Caller caller, HttpServletRequest request) throws SQLException, ApiError {
        int page = Pagination.page(request);
        int perPage = Pagination.perPage(request);
        long total = repository.countRecordings(caller.userId());
        List<Item> items = repository.recordings(caller.userId(), perPage, (long) (page - 1) * perPage).stream()
                .map(r -> new Item(r.id(), r.title(), r.status(), r.createdAt(), r.tags()))
                .toList();
        return new Page(Pagination.of(page, perPage, total), items);
    }

    private Repository.RecordingRow ownRecording(Caller caller, String id) throws SQLException, ApiError {
        long value = digits(id);
        Repository.RecordingRow row = value < 0 ? null : repository.recording(value).orElse(null);
        if (row == null) {
            throw new ApiError(404, "Recording not found");
        }
        if (row.userId() != caller.userId()) {
            throw new ApiError(403, "Access denied");
        }
        return row;
    }
}
