package org.speakr.token.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ScopeRulesTest {
    private static final String RULE = "RFC 6749 scope tokens of 1 to 64 printable ASCII characters without space,"
            + " '\"' or '\\'";

    @Test
    void validateAcceptsTheEdgesOfScopeToken() {
        assertThat(ScopeRules.validate("scopes", "!")).isEqualTo("!");
        assertThat(ScopeRules.validate("scopes", "~")).isEqualTo("~");
        assertThat(ScopeRules.validate("scopes", "#[]")).isEqualTo("#[]");
        String longest = "a".repeat(ScopeRules.MAX_SCOPE_LENGTH);
        assertThat(ScopeRules.validate("scopes", longest)).isEqualTo(longest);
    }

    @Test
    void validateRefusesJustOutsideTheEdges() {
        String tooLong = "a".repeat(ScopeRules.MAX_SCOPE_LENGTH + 1);
        assertThatThrownBy(() -> ScopeRules.validate("scopes", tooLong))
                .hasMessage("scopes: expected " + RULE + ", got '" + tooLong + "'");
        assertThatThrownBy(() -> ScopeRules.validate("scopes", "a b")).hasMessage("scopes: expected " + RULE + ", got 'a b'");
        assertThatThrownBy(() -> ScopeRules.validate("scopes", "a\u007f"))
                .hasMessage("scopes: expected " + RULE + ", got 'a\\u007F'");
        assertThatThrownBy(() -> ScopeRules.validate("scopes", "a\u001f")).hasMessageContaining("'a\\u001F'");
        assertThatThrownBy(() -> ScopeRules.validate("scopes", "\"")).hasMessageEndingWith("got '\"'");
        assertThatThrownBy(() -> ScopeRules.validate("scopes", "\\")).hasMessageEndingWith("got '\\'");
        assertThatThrownBy(() -> ScopeRules.validate("scopes", "")).hasMessageEndingWith("got ''");
        assertThatThrownBy(() -> ScopeRules.validate("scopes", null)).hasMessageEndingWith("got 'null'");
    }

    @Test
    void validatedAcceptsThirtyTwoScopesAndRefusesThirtyThree() {
        Set<String> scopes = new HashSet<>();
        for (int i = 0; i < ScopeRules.MAX_SCOPES; i++) {
            scopes.add("s" + i);
        }
        assertThat(ScopeRules.validated("scopes", scopes)).hasSize(32).containsExactlyElementsOf(new TreeSet<>(scopes));
        scopes.add("one-more");
        assertThatThrownBy(() -> ScopeRules.validated("scopes", scopes))
                .hasMessage("scopes: expected at most 32 scopes, got '33 scopes'");
    }

    @Test
    void parseWhenSpacesOrCommasThenEachScopeValidatedUnderTheSettingsName() {
        assertThat(ScopeRules.parse("required-scopes", " b, a  c,,")).containsExactly("a", "b", "c");
        assertThat(ScopeRules.parse("required-scopes", "  ")).isEmpty();
        String tooLong = "x".repeat(65);
        assertThatThrownBy(() -> ScopeRules.parse("required-scopes", "a " + tooLong))
                .hasMessage("required-scopes: expected " + RULE + ", got '" + tooLong + "'");
    }

    @Test
    void immutableCopyIsSortedAndUnmodifiable() {
        Set<String> copy = ScopeRules.immutableCopy(new TreeSet<>(Set.of("b", "a")));
        assertThat(copy).containsExactly("a", "b");
        assertThat(ScopeRules.immutableCopy(copy)).isSameAs(copy);
        assertThat(ScopeRules.validated("scopes", List.of("b", "a"))).containsExactly("a", "b");
        assertThatThrownBy(() -> copy.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }
}
