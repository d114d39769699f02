package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

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
}
