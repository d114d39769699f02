package org.speakr.token.servlet;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link Json#parse}: any input either parses or throws {@link Json.JsonException}; any other throwable
 * (a runtime exception, a stack overflow) fails. Fuzz with {@code JAZZER_FUZZ=1 mvn -pl speakr-token-servlet test
 * -Dtest=JsonFuzzTest -Djazzer.max_duration=5m}; without it, runs the regression inputs.
 */
class JsonFuzzTest {

    @FuzzTest
    void parseArbitraryBytes(byte[] input) {
        try {
            Json.parse(input, 1 + (input.length % 8));
        } catch (Json.JsonException expected) {
            // the only failure allowed
        }
    }
}
