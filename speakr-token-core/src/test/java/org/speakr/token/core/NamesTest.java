package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void ownerOfTheMaximumLengthIsAcceptedOneMoreIsRefused() {
        String max = "o".repeat(Names.MAX_OWNER_LENGTH);
        assertThat(Names.owner(max)).isSameAs(max);
        assertThatThrownBy(() -> Names.owner(max + "o")).hasMessage("owner must be at most 255 characters, was 256");
    }

    @Test
    void ownerWithAControlCharacterIsRefused() {
        assertThatThrownBy(() -> Names.owner("ali\nce"))
                .hasMessage("owner must not contain control characters, found U+000A at index 3");
        assertThatThrownBy(() -> Names.owner("alice\u2028"))
                .hasMessage("owner must not contain control characters, found U+2028 at index 5");
    }

    @Test
    void tokenNameOfTheMaximumLengthIsAcceptedOneMoreIsRefused() {
        assertThat(Names.tokenName(" " + "n".repeat(100) + " ")).hasSize(100);
        assertThatThrownBy(() -> Names.tokenName("n".repeat(101)))
                .hasMessage("name must be at most 100 characters after trimming, was 101");
    }
}
