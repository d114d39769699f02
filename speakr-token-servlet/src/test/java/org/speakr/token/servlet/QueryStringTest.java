package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void valuesWhenParameterOnceThenItsDecodedValue() {
        assertThat(QueryString.values("a=1&token=spk_abc&b=2", "token")).containsExactly("spk_abc");
    }

    @Test
    void valuesWhenParameterRepeatedThenEveryValueInOrder() {
        assertThat(QueryString.values("token=a&x=1&token=b", "token")).containsExactly("a", "b");
    }

    @Test
    void valuesWhenNoEqualsSignThenEmptyValue() {
        assertThat(QueryString.values("token&a=1", "token")).containsExactly("");
    }

    @Test
    void valuesWhenNameOnlyPrefixOrSuffixThenNotMatched() {
        assertThat(QueryString.values("tokens=1&my_token=2&token_=3&atoken=4", "token")).isEmpty();
    }

    @Test
    void valuesWhenNameOrValuePercentEncodedThenDecoded() {
        assertThat(QueryString.values("%74oken=a%2Bb+c&t%6Fken=%3D", "token")).containsExactly("a+b c", "=");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("issue 12 item 8: only ASCII hex digits make a %-escape")
    void decodeWhenEscapeUsesNonAsciiDigitsThenNullAndTheNameDoesNotMatch() {
        assertThat(QueryString.decode("%\u0667\u0664oken")).isNull();
        assertThat(QueryString.decode("%\uFF17\uFF14oken")).isNull();
        assertThat(QueryString.decode("%\u0664F")).isNull();
        assertThat(QueryString.values("%\u0667\u0664oken=x&%\uFF17\uFF14oken=y", "token")).isEmpty();
        assertThat(QueryString.decode("%7a%7A%30%39")).isEqualTo("zz09");
        assertThat(QueryString.hexDigit('g')).isEqualTo(-1);
        assertThat(QueryString.hexDigit('G')).isEqualTo(-1);
        assertThat(QueryString.hexDigit('/')).isEqualTo(-1);
        assertThat(QueryString.hexDigit(':')).isEqualTo(-1);
        assertThat(QueryString.hexDigit('@')).isEqualTo(-1);
        assertThat(QueryString.hexDigit('`')).isEqualTo(-1);
    }

    @Test
    void isWellFormedWhenEveryEscapeDecodesThenTrue() {
        assertThat(QueryString.isWellFormed(null)).isTrue();
        assertThat(QueryString.isWellFormed("a=1&b=%C3%A9&%74=x")).isTrue();
        assertThat(QueryString.isWellFormed("page=%zz")).isFalse();
        assertThat(QueryString.isWellFormed("%zz=1")).isFalse();
        assertThat(QueryString.isWellFormed("a=%FF")).isFalse();
        assertThat(QueryString.isWellFormed("a=%\u0667\u0664")).isFalse();
    }

    @Test
    void valuesWhenBadEscapeOrInvalidUtf8ThenNull() {
        assertThat(QueryString.values("token=%zz&token=%F&token=%FF&token=%C3%A9", "token"))
                .containsExactly(null, null, null, "é");
    }

    @Test
    void valuesWhenNullOrEmptyQueryThenEmpty() {
        assertThat(QueryString.values(null, "token")).isEmpty();
        assertThat(QueryString.values("", "token")).isEmpty();
        assertThat(QueryString.values("&&", "token")).isEmpty();
    }

    @Test
    void withoutWhenParameterPresentThenOtherPairsKeepRawFormAndOrder() {
        assertThat(QueryString.without("a=1&token=x&b=%20y&token=z&c", "token")).isEqualTo("a=1&b=%20y&c");
    }

    @Test
    void withoutWhenEncodedNameThenAlsoRemoved() {
        assertThat(QueryString.without("%74oken=x&a=1", "token")).isEqualTo("a=1");
    }

    @Test
    void withoutWhenNothingRemainsThenNull() {
        assertThat(QueryString.without("token=x", "token")).isNull();
        assertThat(QueryString.without("token=x&&", "token")).isNull();
        assertThat(QueryString.without(null, "token")).isNull();
    }

    @Test
    void decodeWhenPlainThenSameInstance() {
        String plain = "spk_abc";

        assertThat(QueryString.decode(plain)).isSameAs(plain);
        assertThat(Arrays.asList(QueryString.decode("a+b"), QueryString.decode("%41"))).containsExactly("a b", "A");
    }
}
