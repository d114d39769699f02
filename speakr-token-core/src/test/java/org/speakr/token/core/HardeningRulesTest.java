package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.testkit.HardeningRules;

/** The {@link HardeningRules} are not vacuous: each one catches a small offender and passes the correct form. */
class HardeningRulesTest {

    static final class StringEqualsOnHash {
        boolean same(TokenRecord record, String hash) {
            return record.hash().equals(hash);
        }
    }

    static final class StringEqualsOnHashInLambda {
        Optional<TokenRecord> same(Optional<TokenRecord> record, String hash) {
            return record.filter(r -> r.hash().equals(hash));
        }
    }

    static final class IsEqualOnHash {
        Optional<TokenRecord> same(Optional<TokenRecord> record, String hash) {
            return record.filter(r -> MessageDigest.isEqual(r.hash().getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    static final class ArraysEqualsOnBytes {
        boolean same(byte[] a, byte[] b) {
            return Arrays.equals(a, b);
        }
    }

    static final class WeakRandomness {
        String id() {
            return UUID.randomUUID() + "-" + ThreadLocalRandom.current().nextInt();
        }
    }

    static final class Reveals {
        String leak(CreatedToken created) {
            return created.token().reveal();
        }
    }

    private static EvaluationResult evaluate(ArchRule rule, Class<?>... classes) {
        JavaClasses imported = new ClassFileImporter().importClasses(classes);
        return rule.evaluate(imported);
    }

    @Test
    void hashComparedWithStringEqualsThenViolationAlsoInsideALambda() {
        assertThat(evaluate(HardeningRules.HASHES_COMPARED_ONLY_WITH_MESSAGE_DIGEST_IS_EQUAL,
                StringEqualsOnHash.class).hasViolation()).isTrue();
        assertThat(evaluate(HardeningRules.HASHES_COMPARED_ONLY_WITH_MESSAGE_DIGEST_IS_EQUAL,
                StringEqualsOnHashInLambda.class).hasViolation()).isTrue();
        assertThat(evaluate(HardeningRules.HASHES_COMPARED_ONLY_WITH_MESSAGE_DIGEST_IS_EQUAL,
                IsEqualOnHash.class).hasViolation()).isFalse();
    }

    @Test
    void arraysEqualsOnBytesThenViolation() {
        assertThat(evaluate(HardeningRules.NO_EARLY_EXIT_ARRAY_COMPARISON, ArraysEqualsOnBytes.class).hasViolation())
                .isTrue();
        assertThat(evaluate(HardeningRules.NO_EARLY_EXIT_ARRAY_COMPARISON, IsEqualOnHash.class).hasViolation())
                .isFalse();
    }

    @Test
    void uuidOrThreadLocalRandomThenViolation() {
        EvaluationResult result = evaluate(HardeningRules.NO_WEAK_RANDOMNESS, WeakRandomness.class);
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("UUID"))
                .anyMatch(line -> line.contains("ThreadLocalRandom"));
        assertThat(evaluate(HardeningRules.NO_WEAK_RANDOMNESS, TokenFormat.class).hasViolation()).isFalse();
    }

    @Test
    void revealOutsideTheApplicationThenViolation() {
        assertThat(evaluate(HardeningRules.SECRET_NEVER_REVEALED_IN_LIBRARY, Reveals.class).hasViolation()).isTrue();
        assertThat(evaluate(HardeningRules.SECRET_TYPE_STAYS_ON_THE_CREATION_PATH, Reveals.class).hasViolation())
                .isTrue();
    }
}
