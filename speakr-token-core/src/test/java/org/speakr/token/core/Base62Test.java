package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Base62Test {

    @Test
    void encodeLongWhenZeroOrTheLargestCrcThenFixedWidth() {
        assertThat(Base62.encode(0L, 6)).isEqualTo("000000");
        assertThat(Base62.encode(61L, 1)).isEqualTo("z");
        assertThat(Base62.encode(0xFFFFFFFFL, 6)).isEqualTo("4gfFC3");
        assertThat(Base62.decode(ascii("4gfFC3"), 0, 6)).isEqualTo(0xFFFFFFFFL);
    }

    @Test
    void encodeLongWhenNegativeOrTooWideThenRefused() {
        assertThatThrownBy(() -> Base62.encode(-1L, 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-1 does not fit in 6 base62 digits");
        assertThatThrownBy(() -> Base62.encode(62L, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("62 does not fit in 1 base62 digits");
    }

    @Test
    void decodeWhenNotBase62ThenMinusOne() {
        assertThat(Base62.decode(ascii("12-4"), 0, 4)).isEqualTo(-1);
        assertThat(Base62.decode(ascii("x12y"), 1, 3)).isEqualTo(62 + 2);
        assertThat(Base62.valueOf((byte) 'é')).isEqualTo(-1);
        assertThat(Base62.valueOf((byte) '\u0080')).isEqualTo(-1);
        assertThat(Base62.valueOf((byte) '\u007f')).isEqualTo(-1);
        assertThat(Base62.valueOf((byte) 'z')).isEqualTo(61);
    }

    @Test
    void allDigitsWhenEachByteValueAtEachPositionThenSameAsTheAlphabet() {
        for (int length : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 49}) {
            for (int position = 0; position < length; position++) {
                for (int value = -128; value < 128; value++) {
                    byte[] bytes = ascii("x" + "a1Z".repeat(20)); // a non-digit before the range, digits in it
                    bytes[1 + position] = (byte) value;
                    boolean digit = ALPHABET_SET.indexOf(value) >= 0;
                    assertThat(Base62.allDigits(bytes, 1, 1 + length))
                            .as("length %d, byte %d at %d", length, value, position).isEqualTo(digit);
                }
            }
            assertThat(Base62.allDigits(ascii("x" + "z".repeat(length) + "-"), 1, 1 + length)).isTrue();
        }
    }

    private static final String ALPHABET_SET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
