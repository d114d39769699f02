package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.TokenServiceFactory;

/** The core SPI as the web.xml path sees it. */
class TokenServiceFactoryTest {

    @Test
    void settingNamesWhenNotOverriddenThenEmpty() {
        TokenServiceFactory factory = settings -> {
            throw new AssertionError("not called");
        };

        assertThat(factory.settingNames()).isEmpty();
    }

    @Test
    void settingNamesWhenOnlyCoreSettingsReadThenNoneDeclared() {
        assertThat(new TestTokenServiceFactory().settingNames()).isEmpty();
    }
}
