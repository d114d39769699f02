package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
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

    @Test
    @DisplayName("issue 12 item 15: bidi overrides, zero-width characters and unpaired surrogates are refused")
    void tokenNameWithAFormatOrSurrogateCharacterIsRefusedNamingTheRule() {
        String rule = "name: expected no control, format, surrogate or line-separator characters"
                + " (Unicode Cc, Cf, Cs, Zl, Zp), got ";
        assertThatThrownBy(() -> Names.tokenName("evil\u202Etxt.exe"))
                .hasMessage(rule + "'U+202E at index 4'");
        assertThatThrownBy(() -> Names.tokenName("zero\u200Bwidth")).hasMessage(rule + "'U+200B at index 4'");
        assertThatThrownBy(() -> Names.tokenName("lone\uD800")).hasMessage(rule + "'U+D800 at index 4'");
        assertThatThrownBy(() -> Names.tokenName("\uDC00lone")).hasMessage(rule + "'U+DC00 at index 0'");
        assertThatThrownBy(() -> Names.tokenName("bom\uFEFF")).hasMessage(rule + "'U+FEFF at index 3'");
        assertThatThrownBy(() -> Names.tokenName("line\u2028break")).hasMessage(rule + "'U+2028 at index 4'");
    }

    @Test
    void tokenNameIsStoredInNfcAndPairedSurrogatesAreKept() {
        assertThat(Names.tokenName(" Cafe\u0301 ")).isEqualTo("Caf\u00E9");
        assertThat(Names.tokenName("n8n \uD83D\uDE80")).isEqualTo("n8n \uD83D\uDE80");
    }

    @Test
    void tokenNameLengthIsCountedAfterNfc() {
        String decomposed = "e\u0301".repeat(100);
        assertThat(Names.tokenName(decomposed)).hasSize(100);
    }
}
