package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BearerTokenErrorTest {

    @Test
    void jsonWhenPlainTextThenErrorAndDescription() {
        assertThat(BearerTokenError.json("invalid_token", "The token is invalid"))
                .isEqualTo("{\"error\": \"invalid_token\", \"error_description\": \"The token is invalid\"}");
    }

    @Test
    void jsonWhenSpecialCharactersThenEscaped() {
        assertThat(BearerTokenError.json("e", "q\" b\\ n\n r\r t\t nul\u0000 del\u007f ls\u2028 é"))
                .isEqualTo("{\"error\": \"e\", \"error_description\": "
                        + "\"q\\\" b\\\\ n\\n r\\r t\\t nul\\u0000 del\\u007f ls\\u2028 é\"}");
    }

    @Test
    void challengeWhenNoErrorThenRealmOnly() {
        assertThat(BearerTokenError.challenge("api", null, null, null)).isEqualTo("Bearer realm=\"api\"");
        assertThat(BearerTokenError.unauthorized().challenge("api")).isEqualTo("Bearer realm=\"api\"");
    }

    @Test
    void challengeWhenErrorThenCodeAndDescription() {
        assertThat(BearerTokenError.invalidToken("The token has expired").challenge("api"))
                .isEqualTo("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token has expired\"");
    }

    @Test
    void challengeWhenScopeThenScopeAttributeLast() {
        assertThat(BearerTokenError.insufficientScope("d", List.of("a:read", "b:write")).challenge("r"))
                .isEqualTo("Bearer realm=\"r\", error=\"insufficient_scope\", error_description=\"d\", "
                        + "scope=\"a:read b:write\"");
    }

    @Test
    void challengeWhenQuotesBackslashesOrControlsThenQuotedSafely() {
        assertThat(BearerTokenError.challenge("a\"b\\c", "e", "x\r\ny\u0000é", null))
                .isEqualTo("Bearer realm=\"a\\\"b\\\\c\", error=\"e\", error_description=\"xy\"");
    }

    @Test
    void factoriesWhenCalledThenStatusCodeAndDescriptionOfRfc6750() {
        assertThat(List.of(BearerTokenError.unauthorized(), BearerTokenError.invalidRequest("two tokens"),
                BearerTokenError.invalidToken("expired"), BearerTokenError.insufficientScope("lacks", List.of("a")),
                BearerTokenError.networkNotAllowed(), BearerTokenError.tooManyRequests(3),
                BearerTokenError.unavailable()))
                .extracting(BearerTokenError::status, BearerTokenError::errorCode, BearerTokenError::description)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(401, "unauthorized", "An API token is required"),
                        org.assertj.core.groups.Tuple.tuple(400, "invalid_request", "two tokens"),
                        org.assertj.core.groups.Tuple.tuple(401, "invalid_token", "expired"),
                        org.assertj.core.groups.Tuple.tuple(403, "insufficient_scope", "lacks"),
                        org.assertj.core.groups.Tuple.tuple(403, "network_not_allowed",
                                "The token may not be used from this network"),
                        org.assertj.core.groups.Tuple.tuple(429, "too_many_requests",
                                "Too many failed authentication attempts; retry later"),
                        org.assertj.core.groups.Tuple.tuple(503, "temporarily_unavailable",
                                "The token service is unavailable; retry later"));
    }

    @Test
    void networkNotAllowedWhenSentThenChallengeNamesItsCodeWithoutScope() {
        assertThat(BearerTokenError.networkNotAllowed().challenge("api")).isEqualTo("Bearer realm=\"api\","
                + " error=\"network_not_allowed\", error_description=\"The token may not be used from this network\"");
    }

    @Test
    void insufficientScopeWhenNoScopesThenNoScopeAttribute() {
        assertThat(BearerTokenError.insufficientScope("d", List.of()).challenge("r"))
                .isEqualTo("Bearer realm=\"r\", error=\"insufficient_scope\", error_description=\"d\"");
    }

    @Test
    void retryAfterWhenNotPositiveThenRefused() {
        assertThatThrownBy(() -> BearerTokenError.tooManyRequests(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retryAfterSeconds: expected a positive number, got '0'");
        assertThatThrownBy(() -> BearerTokenError.unavailable(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
