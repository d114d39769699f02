package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ScopesTest {

    @Test
    void validateAcceptsTheEdgesOfScopeToken() {
        Scopes.validate("!");
        Scopes.validate("~");
        Scopes.validate("#[]");
        Scopes.validate("a".repeat(Scopes.MAX_SCOPE_LENGTH));
    }

    @Test
    void validateRefusesJustOutsideTheEdges() {
        assertThatThrownBy(() -> Scopes.validate("a".repeat(Scopes.MAX_SCOPE_LENGTH + 1)))
                .hasMessage("scope must be 1 to 64 characters, was 65");
        assertThatThrownBy(() -> Scopes.validate("a b")).hasMessageContaining("at index 1");
        assertThatThrownBy(() -> Scopes.validate("a\u007f")).hasMessage("scope 'a\\u007F' has a character not allowed by"
                + " RFC 6749 scope-token at index 1 (printable ASCII except space, '\"' and '\\')");
        assertThatThrownBy(() -> Scopes.validate("a\u001f")).hasMessageContaining("'a\\u001F'");
        assertThatThrownBy(() -> Scopes.validate("\"")).hasMessageContaining("at index 0");
        assertThatThrownBy(() -> Scopes.validate("\\")).hasMessageContaining("at index 0");
    }

    @Test
    void validatedAcceptsThirtyTwoScopesAndRefusesThirtyThree() {
        Set<String> scopes = new HashSet<>();
        for (int i = 0; i < Scopes.MAX_SCOPES; i++) {
            scopes.add("s" + i);
        }
        assertThat(Scopes.validated(scopes)).hasSize(32).containsExactlyElementsOf(new TreeSet<>(scopes));
        scopes.add("one-more");
        assertThatThrownBy(() -> Scopes.validated(scopes)).hasMessage("at most 32 scopes are allowed, got 33");
    }

    @Test
    void immutableCopyIsSortedAndUnmodifiable() {
        Set<String> copy = Scopes.immutableCopy(new TreeSet<>(Set.of("b", "a")));
        assertThat(copy).containsExactly("a", "b");
        assertThat(Scopes.immutableCopy(copy)).isSameAs(copy);
        assertThatThrownBy(() -> copy.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }
}
