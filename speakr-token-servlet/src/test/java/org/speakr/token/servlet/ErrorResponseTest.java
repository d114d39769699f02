package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorResponseTest {

    @Test
    void jsonWhenPlainTextThenErrorAndDescription() {
        assertThat(ErrorResponse.json("invalid_token", "The token is invalid"))
                .isEqualTo("{\"error\": \"invalid_token\", \"error_description\": \"The token is invalid\"}");
    }

    @Test
    void jsonWhenSpecialCharactersThenEscaped() {
        assertThat(ErrorResponse.json("e", "q\" b\\ n\n r\r t\t nul\u0000 del\u007f ls\u2028 é"))
                .isEqualTo("{\"error\": \"e\", \"error_description\": "
                        + "\"q\\\" b\\\\ n\\n r\\r t\\t nul\\u0000 del\\u007f ls\\u2028 é\"}");
    }

    @Test
    void challengeWhenNoErrorThenRealmOnly() {
        assertThat(ErrorResponse.challenge("api", null, null, null)).isEqualTo("Bearer realm=\"api\"");
    }

    @Test
    void challengeWhenErrorThenCodeAndDescription() {
        assertThat(ErrorResponse.challenge("api", "invalid_token", "The token has expired", null))
                .isEqualTo("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token has expired\"");
    }

    @Test
    void challengeWhenScopeThenScopeAttributeLast() {
        assertThat(ErrorResponse.challenge("r", "insufficient_scope", "d", "a:read b:write"))
                .isEqualTo("Bearer realm=\"r\", error=\"insufficient_scope\", error_description=\"d\", "
                        + "scope=\"a:read b:write\"");
    }

    @Test
    void challengeWhenQuotesBackslashesOrControlsThenQuotedSafely() {
        assertThat(ErrorResponse.challenge("a\"b\\c", "e", "x\r\ny\u0000é", null))
                .isEqualTo("Bearer realm=\"a\\\"b\\\\c\", error=\"e\", error_description=\"xy\"");
    }
}
