package org.speakr.token.example;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.TokenInfo;
import org.speakr.token.core.TokenLimitExceededException;
import org.speakr.token.core.TokenStoreException;

/**
 * The JSON API below {@code /api}. {@link ApiAuthFilter} has already put the {@link Caller} on the request
 * (except for {@code /api/session}, which only a login session can answer).
 */
final class ApiServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(ApiServlet.class);
    static final int DEFAULT_PER_PAGE = 25;
    static final int MAX_PER_PAGE = 100;
    static final int MAX_PAGE = 1_000_000;
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final Set<String> KNOWN_SCOPES = new LinkedHashSet<>(List.of("recordings:read", "tags:read", "tokens:write"));
    static final List<Integer> EXPIRATION_DAYS = List.of(0, 7, 30, 90, 365);

    private static final Pattern RECORDING = Pattern.compile("/recordings/([^/]+)(/transcript|/summary)?");
    private static final Pattern TOKEN = Pattern.compile("/tokens/([^/]+)");
    private static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private final Repository repository;
    private final ApiTokens tokens;

    ApiServlet(Repository repository, ApiTokens tokens) {
        this.repository = repository;
        this.tokens = tokens;
    }

    /** A client error to answer with {@code {"error": message}}. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String allow;

        BadRequest(int status, String message) {
            this(status, message, null);
        }

        BadRequest(int status, String message, String allow) {
            super(message, null, false, false);
            this.status = status;
            this.allow = allow;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        // HEAD is answered as GET; Jetty sends the headers without the body.
        String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
        try {
            route(path, method, request, response);
        } catch (BadRequest e) {
            if (e.allow != null) {
                response.setHeader("Allow", e.allow);
            }
            Json.error(response, e.status, e.getMessage());
        } catch (TokenStoreException e) {
            log.error("Token store failed on {} {}: {}", method, request.getRequestURI(), e.getMessage());
            response.setHeader("Retry-After", "5");
            Json.error(response, 503, "Token store unavailable, retry later");
        } catch (SQLException e) {
            log.error("Database failed on {} {}: {}", method, request.getRequestURI(), e.toString());
            if (!response.isCommitted()) {
                response.resetBuffer();
                Json.databaseUnavailable(response);
            }
        } catch (RuntimeException e) {
            log.error("Failed on {} {}", method, request.getRequestURI(), e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                Json.error(response, 500, "Internal server error");
            }
        }
    }

    private void route(String path, String method, HttpServletRequest request, HttpServletResponse response)
            throws IOException, SQLException, BadRequest {
        if (path.equals("/session")) {
            allow(method, "GET");
            session(request, response);
            return;
        }
        Caller caller = Caller.of(request);
        if (path.equals("/tokens")) {
            allow(method, "GET", "POST");
            if (method.equals("GET")) {
                listTokens(caller, response);
            } else {
                createToken(caller, request, response);
            }
            return;
        }
        Matcher token = TOKEN.matcher(path);
        if (token.matches()) {
            allow(method, "DELETE");
            revokeToken(caller, token.group(1), response);
            return;
        }
        if (path.equals("/recordings")) {
            allow(method, "GET");
            listRecordings(caller, request, response);
            return;
        }
        Matcher recording = RECORDING.matcher(path);
        if (recording.matches()) {
            allow(method, "GET");
            Repository.RecordingRow row = ownRecording(caller, recording.group(1));
            String part = recording.group(2);
            if (part == null) {
                recordingDetails(row, response);
            } else if (part.equals("/transcript")) {
                transcript(row, response);
            } else {
                summary(row, response);
            }
            return;
        }
        if (path.equals("/tags")) {
            allow(method, "GET");
            tags(caller, response);
            return;
        }
        throw new BadRequest(404, "Not found");
    }

    private static void allow(String method, String... allowed) throws BadRequest {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new BadRequest(405, "Method not allowed", String.join(", ", allowed));
    }

    private static void session(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Sessions.LoggedIn session = Sessions.current(request);
        if (session == null) {
            Json.error(response, 401, "Not logged in");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", session.username());
        body.put("csrf_token", session.csrfToken());
        Json.write(response, 200, body);
    }

    // ---- tokens -------------------------------------------------------------------------------------------

    private void listTokens(Caller caller, HttpServletResponse response) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (TokenInfo info : tokens.list(caller.username())) {
            list.add(tokenJson(info));
        }
        Json.write(response, 200, Map.of("tokens", list));
    }

    private void createToken(Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException, BadRequest {
        JsonNode body = readJsonObject(request);
        JsonNode nameNode = body.get("name");
        if (nameNode == null || nameNode.isNull()) {
            throw new BadRequest(400, "name is required");
        }
        if (!nameNode.isTextual()) {
            throw new BadRequest(400, "name must be a string");
        }
        int days = 0;
        JsonNode daysNode = body.get("expires_in_days");
        if (daysNode != null && !daysNode.isNull()) {
            if (!daysNode.isIntegralNumber() || !daysNode.canConvertToInt()) {
                throw new BadRequest(400, "expires_in_days must be an integer: one of 0, 7, 30, 90, 365");
            }
            days = daysNode.intValue();
            if (!EXPIRATION_DAYS.contains(days)) {
                throw new BadRequest(400, "expires_in_days must be one of 0, 7, 30, 90, 365, was " + days);
            }
        }
        Set<String> scopes = new LinkedHashSet<>();
        JsonNode scopesNode = body.get("scopes");
        if (scopesNode != null && !scopesNode.isNull()) {
            if (!scopesNode.isArray()) {
                throw new BadRequest(400, "scopes must be an array of strings");
            }
            for (JsonNode scope : scopesNode) {
                if (!scope.isTextual()) {
                    throw new BadRequest(400, "scopes must be an array of strings");
                }
                if (!KNOWN_SCOPES.contains(scope.textValue())) {
                    throw new BadRequest(400, "unknown scope; known scopes are " + String.join(", ", KNOWN_SCOPES));
                }
                scopes.add(scope.textValue());
            }
        }
        CreatedToken created;
        try {
            created = tokens.create(caller.username(), nameNode.textValue(),
                    days == 0 ? Expiration.never() : Expiration.days(days), scopes);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        } catch (TokenLimitExceededException e) {
            throw new BadRequest(409, "Too many active tokens; revoke one first");
        }
        log.info("User {} created API token {}", caller.username(), created.info().id());
        Map<String, Object> json = tokenJson(created.info());
        json.put("token", created.token().reveal());
        Json.write(response, 201, json);
    }

    private void revokeToken(Caller caller, String id, HttpServletResponse response) throws IOException, BadRequest {
        if (!TOKEN_ID.matcher(id).matches() || !tokens.revoke(caller.username(), id)) {
            throw new BadRequest(404, "Token not found");
        }
        log.info("User {} revoked API token {}", caller.username(), id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("status", "REVOKED");
        Json.write(response, 200, body);
    }

    static Map<String, Object> tokenJson(TokenInfo info) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", info.id());
        json.put("name", info.name());
        json.put("hint", info.hint());
        json.put("status", info.status().name());
        json.put("scopes", List.copyOf(info.scopes()));
        json.put("created_at", Json.instant(info.createdAt()));
        json.put("last_used_at", Json.instant(info.lastUsedAt()));
        json.put("expires_at", Json.instant(info.expiresAt()));
        json.put("revoked_at", Json.instant(info.revokedAt()));
        return json;
    }

    private static JsonNode readJsonObject(HttpServletRequest request) throws IOException, BadRequest {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest(413, "Request body too large");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new BadRequest(400, "Request body is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw new BadRequest(400, "Request body is not valid JSON");
        }
        if (!node.isObject()) {
            throw new BadRequest(400, "Request body must be a JSON object");
        }
        return node;
    }

    // ---- recordings ---------------------------------------------------------------------------------------

    private void listRecordings(Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException, SQLException, BadRequest {
        int page = intParameter(request, "page", 1, 1, MAX_PAGE);
        int perPage = intParameter(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
        long total = repository.countRecordings(caller.userId());
        long totalPages = (total + perPage - 1) / perPage;
        List<Map<String, Object>> recordings = new ArrayList<>();
        for (Repository.RecordingRow row : repository.recordings(caller.userId(), perPage, (long) (page - 1) * perPage)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", row.id());
            json.put("title", row.title());
            json.put("status", row.status());
            json.put("created_at", Json.instant(row.createdAt()));
            json.put("tags", tagsJson(row.tags()));
            recordings.add(json);
        }
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("page", page);
        pagination.put("per_page", perPage);
        pagination.put("total", total);
        pagination.put("total_pages", totalPages);
        pagination.put("has_next", page < totalPages);
        pagination.put("has_prev", page > 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pagination", pagination);
        body.put("recordings", recordings);
        Json.write(response, 200, body);
    }

    private static int intParameter(HttpServletRequest request, String name, int defaultValue, int min, int max)
            throws BadRequest {
        String[] values = request.getParameterValues(name);
        if (values == null) {
            return defaultValue;
        }
        if (values.length > 1) {
            throw new BadRequest(400, name + " must be given once");
        }
        String value = values[0];
        if (!DIGITS.matcher(value).matches()) {
            throw new BadRequest(400, name + " must be an integer from " + min + " to " + max);
        }
        long parsed = Long.parseLong(value);
        if (parsed < min || parsed > max) {
            throw new BadRequest(400, name + " must be an integer from " + min + " to " + max);
        }
        return (int) parsed;
    }

    private Repository.RecordingRow ownRecording(Caller caller, String id) throws SQLException, BadRequest {
        if (!DIGITS.matcher(id).matches()) {
            throw new BadRequest(404, "Recording not found");
        }
        Optional<Repository.RecordingRow> row = repository.recording(Long.parseLong(id));
        if (row.isEmpty()) {
            throw new BadRequest(404, "Recording not found");
        }
        if (row.get().userId() != caller.userId()) {
            throw new BadRequest(403, "Access denied");
        }
        return row.get();
    }

    private static void recordingDetails(Repository.RecordingRow row, HttpServletResponse response)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", row.id());
        json.put("title", row.title());
        json.put("status", row.status());
        json.put("created_at", Json.instant(row.createdAt()));
        json.put("completed_at", Json.instant(row.completedAt()));
        json.put("participants", row.participants());
        json.put("duration_seconds", row.durationSeconds());
        json.put("tags", tagsJson(row.tags()));
        json.put("has_transcript", row.hasTranscript());
        json.put("has_summary", row.hasSummary());
        Json.write(response, 200, json);
    }

    private void transcript(Repository.RecordingRow row, HttpServletResponse response)
            throws IOException, SQLException, BadRequest {
        if (!row.hasTranscript()) {
            throw new BadRequest(404, "Transcript not found");
        }
        List<Map<String, Object>> segments = new ArrayList<>();
        for (Repository.Segment s : repository.segments(row.id())) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("speaker", s.speaker());
            json.put("start", s.start());
            json.put("end", s.end());
            json.put("text", s.text());
            segments.add(json);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recording_id", row.id());
        body.put("transcript", row.transcript());
        body.put("segments", segments);
        Json.write(response, 200, body);
    }

    private static void summary(Repository.RecordingRow row, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recording_id", row.id());
        body.put("summary", row.summary());
        body.put("has_summary", row.hasSummary());
        Json.write(response, 200, body);
    }

    private void tags(Caller caller, HttpServletResponse response) throws IOException, SQLException {
        List<Map<String, Object>> tags = new ArrayList<>();
        for (Repository.TagCount tag : repository.tags(caller.userId())) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", tag.id());
            json.put("name", tag.name());
            json.put("color", tag.color());
            json.put("recording_count", tag.recordingCount());
            tags.add(json);
        }
        Json.write(response, 200, Map.of("tags", tags));
    }

    private static List<Map<String, Object>> tagsJson(List<Repository.Tag> tags) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Repository.Tag tag : tags) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", tag.id());
            json.put("name", tag.name());
            json.put("color", tag.color());
            list.add(json);
        }
        return list;
    }
}
