package org.speakr.token.example;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * JSON in and out, by Jackson with snake_case names both ways: records are written as they are, request bodies
 * are bound to records (which validate themselves). Answers are UTF-8 with {@code Cache-Control: no-store};
 * instants are ISO-8601 in UTC to the millisecond, e.g. {@code 2026-01-05T09:00:00Z}.
 */
final class Json {
    static final int MAX_BODY_BYTES = 16 * 1024;

    static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // A request gets what it sends: "30" is not a number, 1.5 not an integer, 42 not a string.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addModule(new SimpleModule().addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                @Override
                public void serialize(Instant value, JsonGenerator json, SerializerProvider provider)
                        throws IOException {
                    json.writeString(value.truncatedTo(ChronoUnit.MILLIS).toString());
                }
            }))
            .build();

    private Json() {
    }

    /** The body of every error answer of the app itself: {@code {"error": message}}. */
    record ErrorBody(String error) {
    }

    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Binds the request body, a JSON object of at most {@value #MAX_BODY_BYTES} bytes, to a record.
     *
     * @param typeErrors per JSON field name, the answer when that field has the wrong JSON type
     * @throws ApiError 413, or 400 with what is wrong (a record's own check answers with its message)
     */
    static <T> T read(HttpServletRequest request, Class<T> type, Map<String, String> typeErrors)
            throws IOException, ApiError {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "Request body too large");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new ApiError(400, "Request body is not valid JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ApiError(400, "Request body is not valid JSON");
        }
        if (!tree.isObject()) {
            throw new ApiError(400, "Request body must be a JSON object");
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw new ApiError(400, invalid.getMessage());
            }
            throw e;
        } catch (JsonMappingException e) {
            // A field of the wrong type, or a number out of range for its field (that one arrives wrapped).
            if (!(e instanceof MismatchedInputException) && !(e.getCause() instanceof InputCoercionException)) {
                throw e;
            }
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw new ApiError(400, typeErrors.getOrDefault(field, "Request body has a field of the wrong type"));
        }
    }
}
