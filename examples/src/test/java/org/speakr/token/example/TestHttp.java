package org.speakr.token.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small HTTP client for the end-to-end tests: one cookie jar per instance, no redirects followed. */
final class TestHttp {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final HttpClient client;
    private String csrf;

    TestHttp(URI base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    record Response(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = client.send(builder.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            org.speakr.token.testkit.canary.TokenCanary.scanResponse(method, response.uri().getPath(),
                    response.statusCode(), response.headers().map() + "\n" + response.body());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Response delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    Response postJson(String path, String json, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        all.add("Content-Type");
        all.add("application/json");
        return send("POST", path, json, all.toArray(String[]::new));
    }

    Response postForm(String path, Map<String, String> form, String... headers) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        List<String> all = new ArrayList<>(List.of(headers));
        all.add("Content-Type");
        all.add("application/x-www-form-urlencoded");
        return send("POST", path, body.toString(), all.toArray(String[]::new));
    }

    /** Logs in and remembers the session's CSRF token. */
    TestHttp login(String username, String password) {
        Response login = postForm("/login", Map.of("username", username, "password", password));
        if (login.status() != 303) {
            throw new AssertionError("login failed: " + login);
        }
        csrf = get("/api/session").json().get("csrf_token").asText();
        return this;
    }

    String csrf() {
        return csrf;
    }

    /** Creates a token through the session; returns the 201 body. */
    JsonNode createToken(String json) {
        Response created = postJson("/api/tokens", json, "X-CSRF-Token", csrf);
        if (created.status() != 201) {
            throw new AssertionError("create failed: " + created);
        }
        return created.json();
    }
}
