package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The strict JSON reader of the leak receivers: what it reads, what it refuses, and that it fails only its own way. */
class JsonTest {

    private static Object parse(String text, int depth) throws Json.JsonException {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8), depth);
    }

    @Test
    void parseReadsEveryKindOfValue() throws Exception {
        Object value = parse(" [ {\"token\": \"spk_x\", \"type\": \"t\\u00e9\\n\\\"\\/\", \"url\": null, \"ok\": true,"
                + " \"no\": false, \"n\": -12.5e1, \"zero\": 0, \"list\": [], \"obj\": {}} ] ", 3);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("token", "spk_x");
        expected.put("type", "té\n\"/");
        expected.put("url", null);
        expected.put("ok", true);
        expected.put("no", false);
        expected.put("n", new BigDecimal("-12.5e1"));
        expected.put("zero", BigDecimal.ZERO);
        expected.put("list", List.of());
        expected.put("obj", Map.of());
        assertThat(value).isEqualTo(List.of(expected));
        assertThat(parse("\"\\ud83d\\ude00\"", 1)).isEqualTo("\uD83D\uDE00");
        assertThat(parse("[1,2]", 1)).isEqualTo(List.of(BigDecimal.ONE, new BigDecimal(2)));
    }

    @Test
    void parseRefusesWhatIsNotStrictJson() {
        for (String bad : List.of("", " ", "[", "]", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}",
                "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[+1]", "[NaN]", "[tru]", "[nul]", "\"a", "\"\\x\"",
                "\"\\u12g4\"", "\"\\u12\"", "\"tab\there\"", "[1] [2]", "[1]x", "{\"a\":1,\"a\":2}", "\u00a0[]",
                "[1" + "0".repeat(100) + "]", "[1e2147483648]", "[1e10000]", "[1E-10000]")) {
            assertThatThrownBy(() -> parse(bad, 4)).as(bad).isInstanceOf(Json.JsonException.class)
                    .hasMessageStartingWith("not JSON: ");
        }
    }

    @Test
    void parseOrNullGivesTheValueOrNullForWhatParseRefuses() {
        byte[] list = "[1]".getBytes(StandardCharsets.UTF_8);
        assertThat(Json.parseOrNull(list, 1)).isEqualTo(List.of(BigDecimal.ONE));
        assertThat(Json.parseOrNull("[1".getBytes(StandardCharsets.UTF_8), 1)).isNull();
        assertThat(Json.parseOrNull("[[1]]".getBytes(StandardCharsets.UTF_8), 1)).isNull();
        assertThat(Json.parseOrNull(new byte[] {'"', (byte) 0xc3, '"'}, 1)).isNull();
    }

    @Test
    void parseRefusesInvalidUtf8AndNestingBeyondTheBound() throws Exception {
        assertThatThrownBy(() -> Json.parse(new byte[] {'"', (byte) 0xc3, '"'}, 1))
                .isInstanceOf(Json.JsonException.class).hasMessage("not valid UTF-8");
        assertThatThrownBy(() -> Json.parse(new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, 1))
                .isInstanceOf(Json.JsonException.class);
        assertThat(parse("[[[]]]", 3)).isEqualTo(List.of(List.of(List.of())));
        assertThatThrownBy(() -> parse("[[[[]]]]", 3)).isInstanceOf(Json.JsonException.class)
                .hasMessageContaining("nested deeper than 3");
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> parse(deep, 8)).isInstanceOf(Json.JsonException.class);
    }

    @Test
    void parseWhenTheMessageIsAnErrorThenItNamesTheOffsetNotTheContent() {
        String secret = "spk_" + "a".repeat(49);
        assertThatThrownBy(() -> parse("[\"" + secret + "\" x]", 2)).isInstanceOf(Json.JsonException.class)
                .hasMessage("not JSON: expected ',' or ']' at offset 57")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
    }

    /** Random bytes, and random mutations of valid reports: only {@link Json.JsonException}, never anything else. */
    @Test
    void parseOfRandomAndMutatedInputThrowsOnlyItsOwnException() {
        Random random = new Random(20261201L);
        byte[] valid = ("[{\"token\":\"spk_abc\",\"type\":\"speakr_token\",\"url\":\"https://x/y\",\"source\":\"content\"},"
                + "{\"credentials\":[\"a\",\"\\u0041\",1.5e3,true,null,{\"k\":[]}]}]").getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "[]{}\",:\\/ \t\n0123456789.eE+-truefalsnul\u00e9".getBytes(StandardCharsets.UTF_8);
        int parsed = 0;
        for (int run = 0; run < 200_000; run++) {
            byte[] input;
            if (run % 3 == 0) {
                input = new byte[random.nextInt(64)];
                for (int i = 0; i < input.length; i++) {
                    input[i] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt();
                }
            } else {
                input = Arrays.copyOf(valid, valid.length);
                for (int m = 1 + random.nextInt(3); m > 0 && input.length > 0; m--) {
                    int at = random.nextInt(input.length);
                    switch (random.nextInt(3)) {
                        case 0 -> input[at] = alphabet[random.nextInt(alphabet.length)];
                        case 1 -> input[at] = (byte) random.nextInt();
                        default -> input = Arrays.copyOf(input, at);
                    }
                }
            }
            try {
                Json.parse(input, 1 + random.nextInt(4));
                parsed++;
            } catch (Json.JsonException expected) {
                // the only failure allowed
            }
        }
        // The mutations are mild enough that some inputs stay valid: both paths were taken.
        assertThat(parsed).isGreaterThan(100).isLessThan(200_000);
    }
}
