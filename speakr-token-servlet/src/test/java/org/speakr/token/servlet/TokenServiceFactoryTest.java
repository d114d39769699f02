package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.speakr.token.core.ApiTokenSettings;

class TokenServiceFactoryTest {

    @Test
    void parameterNamesWhenNotOverriddenThenEmpty() {
        TokenServiceFactory factory = config -> {
            throw new AssertionError("not called");
        };

        assertThat(factory.parameterNames()).isEmpty();
    }

    @Test
    void parameterNamesWhenOverriddenThenDeclaredNames() {
        assertThat(new TestTokenServiceFactory().parameterNames()).isEqualTo(ApiTokenSettings.NAMES);
    }
}
