package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokenPrincipal;

/**
 * Edges of the servlet module that mutation testing (PIT) found unchecked: query-string parsing and name
 * comparison, the token-hiding request's typed header getters and roles, error answers' headers, and the
 * realm's limits. Requests and responses here are small hand-written stubs (JDK proxies), not a mocking library.
 */
class ServletHardeningTest {

    @Nested
    class QueryStrings {
        @Test
        void valuesWhenTheQueryStartsWithAnAmpersandThenTheFirstPairStillCounts() {
            assertThat(QueryString.values("&token=x", "token")).containsExactly("x");
            assertThat(QueryString.values("&&token=x&", "token")).containsExactly("x");
        }

        @Test
        void valuesWhenTheNameIsPercentEncodedThenItMatchesOnlyWhenItDecodesToTheName() {
            assertThat(QueryString.values("tok%65n=a", "token")).containsExactly("a");
            assertThat(QueryString.values("x%41=1&a+b=2&token=c", "token")).containsExactly("c");
            assertThat(QueryString.values("%zz=1&token=c", "token")).containsExactly("c");
            assertThat(QueryString.values("%74oken=a", "token")).containsExactly("a");
        }

        @Test
        void withoutLeavesNoLeadingOrDoubledAmpersand() {
            assertThat(QueryString.without("a=1&token=x", "token")).isEqualTo("a=1");
            assertThat(QueryString.without("token=x&a=1&&b=2", "token")).isEqualTo("a=1&b=2");
            assertThat(QueryString.without("token=x", "token")).isNull();
        }

        @Test
        void decodeWhenAnEscapeIsCutShortThenNull() {
            assertThat(QueryString.decode("a%4")).isNull();
            assertThat(QueryString.decode("a%")).isNull();
            assertThat(QueryString.decode("a%41")).isEqualTo("aA");
            assertThat(QueryString.decode("%30%03%0a")).isEqualTo("0\u0003\n");
        }

        @Test
        void decodeKeepsNonAsciiCharactersAsTheyAre() {
            assertThat(QueryString.decode("\u0080+é%21")).isEqualTo("\u0080 é!");
            assertThat(QueryString.decode("\u007f+")).isEqualTo("\u007f ");
        }
    }

    @Nested
    class HidingRequest {
        private HttpServletRequest stub() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getIntHeader" -> 7;
                        case "getDateHeader" -> 1_000L;
                        case "getHeader" -> "value";
                        case "isUserInRole" -> true;
                        case "getQueryString" -> "a=1";
                        case "getParameterValues" -> new String[] {"1"};
                        default -> null;
                    });
        }

        private final ApiTokenPrincipal principal = new ApiTokenPrincipal("alice", "id", "n8n", Set.of(), null);

        @Test
        void typedHeaderGettersHideTheTokenHeadersInAnyCaseAndPassOthers() {
            TokenHidingRequest request = new TokenHidingRequest(stub(), principal, "token", 0);
            for (String hidden : List.of("Authorization", "x-api-token", "API-TOKEN")) {
                assertThat(request.getIntHeader(hidden)).isEqualTo(-1);
                assertThat(request.getDateHeader(hidden)).isEqualTo(-1);
                assertThat(request.getHeader(hidden)).isNull();
            }
            assertThat(request.getIntHeader("Max-Forwards")).isEqualTo(7);
            assertThat(request.getDateHeader("If-Modified-Since")).isEqualTo(1_000L);
        }

        @Test
        void anAuthenticatedTokenIsInNoRoleAnUnauthenticatedRequestAsksTheContainer() {
            assertThat(new TokenHidingRequest(stub(), principal, "token", 0).isUserInRole("admin")).isFalse();
            assertThat(new TokenHidingRequest(stub(), null, "token", 0).isUserInRole("admin")).isTrue();
        }

        @Test
        void otherParametersPassUnchanged() {
            TokenHidingRequest request = new TokenHidingRequest(stub(), principal, "token", 1);
            assertThat(request.getParameterValues("a")).containsExactly("1");
            assertThat(request.getParameterValues("token")).isNull();
            assertThat(request.getQueryString()).isEqualTo("a=1");
        }
    }

    @Nested
    class ErrorAnswers {
        private final Map<String, String> headers = new TreeMap<>();
        private final int[] contentLength = {-1};
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        private HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setContentLength" -> contentLength[0] = (Integer) args[0];
                            case "getOutputStream" -> {
                                return out;
                            }
                            default -> {
                            }
                        }
                        return null;
                    });
        }

        @Test
        void sendWithoutARetryDelaySendsNoRetryAfterAndDeclaresTheBodyLength() throws Exception {
            BearerTokenError.invalidToken("The token is invalid").send(response(), "api");
            assertThat(headers).containsOnlyKeys("Cache-Control", "WWW-Authenticate");
            assertThat(contentLength[0]).isEqualTo(body.size()).isPositive();
        }

        @Test
        void sendWithARetryDelaySendsRetryAfter() throws Exception {
            BearerTokenError.unavailable(1).send(response(), "api");
            assertThat(headers).containsEntry("Retry-After", "1").doesNotContainKey("WWW-Authenticate");
        }
    }

    @Nested
    class UndocumentedFailure {
        @Test
        void storeBreakingItsContractThen503AndNoDetailsLogged() throws Exception {
            org.speakr.token.core.spi.TokenStore broken = new org.speakr.token.testkit.ForwardingTokenStore(
                    new org.speakr.token.core.spi.InMemoryTokenStore()) {
                @Override
                public java.util.Optional<org.speakr.token.core.spi.TokenRecord> findByHash(String hash) {
                    return null; // breaks the SPI contract: ApiTokens reports it as a store failure
                }
            };
            try (org.speakr.token.core.ApiTokens tokens = org.speakr.token.core.ApiTokens.builder().store(broken)
                    .revocationPollInterval(java.time.Duration.ZERO).build()) {
                String token = tokens.create("alice", "a", org.speakr.token.core.Expiration.never()).token().reveal();
                org.eclipse.jetty.ee10.servlet.ServletContextHandler context = TestServer.context();
                TestServer.filter(context, "api", ApiTokenFilter.builder(tokens).build());
                try (TestServer server = TestServer.start(new org.speakr.token.testkit.canary.CanaryHandler(context))) {
                    LogCapture.install();
                    Answer answer = TestHttp.get(server.uri("/api/x"), "Authorization", "Bearer " + token);
                    assertThat(answer.status()).isEqualTo(503);
                    assertThat(answer.header("Retry-After")).isEqualTo("5");
                    assertThat(LogCapture.text()).contains("Token service unavailable; answered 503 to GET /api/x from 127.0.0.1");
                }
            }
        }
    }

    private static final org.speakr.token.core.ApiTokens TOKENS = org.speakr.token.core.ApiTokens.builder()
            .store(new org.speakr.token.core.spi.InMemoryTokenStore()).revocationPollInterval(java.time.Duration.ZERO)
            .build();

    @Nested
    class Realm {
        @Test
        void realmAcceptsOneHundredPrintableCharactersAndRefusesMore() {
            ApiTokenFilter.Builder builder = ApiTokenFilter.builder(TOKENS);
            assertThat(builder.realm("r".repeat(100)).build().toString()).contains("realm=" + "r".repeat(100) + ",");
            assertThat(builder.realm(" ~").build().toString()).contains("realm= ~,");
            assertThatThrownBy(() -> builder.realm("r".repeat(101)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.realm("a\u007f")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> builder.realm("a\u001f")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
