package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.speakr.token.servlet.TokenLocator.Kind;
import org.speakr.token.servlet.TokenLocator.Located;
import org.speakr.token.servlet.TokenLocator.Location;

class TokenLocatorTest {
    private final TokenLocator withQuery = new TokenLocator(true, "token");
    private final TokenLocator headersOnly = new TokenLocator(false, "token");

    private Located bearer(String value) {
        return headersOnly.locate(List.of(value), List.of(), List.of(), "GET", null);
    }

    @Test
    void locateWhenNothingThenNone() {
        assertThat(withQuery.locate(List.of(), List.of(), List.of(), "GET", "a=1"))
                .isEqualTo(new Located(Kind.NONE, null, null, 0));
    }

    @Test
    void locateWhenBearerThenFound() {
        assertThat(bearer("Bearer abc")).isEqualTo(new Located(Kind.FOUND, Location.AUTHORIZATION, "abc", 0));
        assertThat(bearer("bEARER   a-b.c_d~e+f/g==")).isEqualTo(
                new Located(Kind.FOUND, Location.AUTHORIZATION, "a-b.c_d~e+f/g==", 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearerabc", "Bearer\tabc", "Bearer a b", "Bearer a, Bearer b",
            "Bearer ab=c", "Bearer =", "Bearer an\"invalid\"token", "Bearer é"})
    void locateWhenBearerMalformedThenMalformed(String value) {
        assertThat(bearer(value)).isEqualTo(new Located(Kind.MALFORMED, Location.AUTHORIZATION, null, 0));
    }

    @Test
    void locateWhenOtherSchemeThenNotOurs() {
        assertThat(bearer("Basic dGVzdDp0ZXN0")).isEqualTo(new Located(Kind.NONE, null, null, 0));
        assertThat(bearer("Token abc")).isEqualTo(new Located(Kind.NONE, null, null, 0));
    }

    @Test
    void locateWhenTokenHeadersThenFoundWithTheirLocation() {
        assertThat(headersOnly.locate(List.of("Basic x"), List.of("abc"), List.of(), "POST", null))
                .isEqualTo(new Located(Kind.FOUND, Location.X_API_TOKEN, "abc", 0));
        assertThat(headersOnly.locate(List.of(), List.of(), List.of("abc"), "POST", null))
                .isEqualTo(new Located(Kind.FOUND, Location.API_TOKEN, "abc", 0));
    }

    @Test
    void locateWhenTokenHeaderEmptyThenEmpty() {
        assertThat(headersOnly.locate(List.of(), List.of(""), List.of(), "GET", null))
                .isEqualTo(new Located(Kind.EMPTY, Location.X_API_TOKEN, null, 0));
    }

    @Test
    void locateWhenTwoLocationsOrRepeatedThenMultiple() {
        assertThat(headersOnly.locate(List.of("Bearer a"), List.of("a"), List.of(), "GET", null).kind())
                .isEqualTo(Kind.MULTIPLE);
        assertThat(headersOnly.locate(List.of(), List.of("a", "a"), List.of(), "GET", null).kind())
                .isEqualTo(Kind.MULTIPLE);
        assertThat(headersOnly.locate(List.of("Bearer a", "Bearer b"), List.of(), List.of(), "GET", null).kind())
                .isEqualTo(Kind.MULTIPLE);
        assertThat(withQuery.locate(List.of(), List.of(), List.of("a"), "GET", "token=a"))
                .isEqualTo(new Located(Kind.MULTIPLE, null, null, 1));
        assertThat(withQuery.locate(List.of(), List.of(), List.of(), "HEAD", "token=a&token=b"))
                .isEqualTo(new Located(Kind.MULTIPLE, null, null, 2));
    }

    @Test
    void locateWhenQueryParameterOnGetOrHeadThenFound() {
        assertThat(withQuery.locate(List.of(), List.of(), List.of(), "GET", "page=1&token=abc"))
                .isEqualTo(new Located(Kind.FOUND, Location.QUERY_PARAMETER, "abc", 1));
        assertThat(withQuery.locate(List.of(), List.of(), List.of(), "HEAD", "token=abc"))
                .isEqualTo(new Located(Kind.FOUND, Location.QUERY_PARAMETER, "abc", 1));
    }

    @Test
    void locateWhenQueryParameterOnOtherMethodThenIgnoredButCounted() {
        assertThat(withQuery.locate(List.of(), List.of(), List.of(), "POST", "token=abc"))
                .isEqualTo(new Located(Kind.NONE, null, null, 1));
        assertThat(withQuery.locate(List.of(), List.of("abc"), List.of(), "get", "token=abc"))
                .isEqualTo(new Located(Kind.FOUND, Location.X_API_TOKEN, "abc", 1));
    }

    @Test
    void locateWhenQueryParameterDisabledThenNeitherReadNorCounted() {
        assertThat(headersOnly.locate(List.of(), List.of(), List.of(), "GET", "token=abc"))
                .isEqualTo(new Located(Kind.NONE, null, null, 0));
    }

    @Test
    void locateWhenQueryParameterEmptyBlankOrUndecodableThenEmptyOrMalformed() {
        assertThat(withQuery.locate(List.of(), List.of(), List.of(), "GET", "token=").kind()).isEqualTo(Kind.EMPTY);
        assertThat(withQuery.locate(List.of(), List.of(), List.of(), "GET", "token=+").kind()).isEqualTo(Kind.EMPTY);
        assertThat(withQuery.locate(List.of(), List.of(), List.of(), "GET", "token=%zz").kind()).isEqualTo(Kind.MALFORMED);
        assertThat(withQuery.locate(List.of(), List.of(), List.of(), "GET", "token=a%20b").kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void isToken68WhenTooLongThenFalse() {
        assertThat(TokenLocator.isToken68("a".repeat(TokenLocator.MAX_TOKEN_LENGTH))).isTrue();
        assertThat(TokenLocator.isToken68("a".repeat(TokenLocator.MAX_TOKEN_LENGTH + 1))).isFalse();
        assertThat(TokenLocator.isToken68("")).isFalse();
        assertThat(TokenLocator.isToken68("==")).isFalse();
    }

    @Test
    void locatedToStringNeverShowsTheValue() {
        assertThat(new Located(Kind.FOUND, Location.X_API_TOKEN, "secret-value", 0).toString())
                .isEqualTo("Located[FOUND, X_API_TOKEN, queryOccurrences=0]");
    }
}
