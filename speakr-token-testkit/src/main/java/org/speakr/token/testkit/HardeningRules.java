package org.speakr.token.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.SecretToken;

/**
 * ArchUnit rules for the production code of every library module (core, servlet, jdbc). Each module's
 * {@code *ArchitectureTest} imports its own main classes and runs all of them: {@code ArchTests.in(HardeningRules.class)}.
 *
 * <p>What ArchUnit can and cannot see: it reads bytecode structure (dependencies, which methods call which, field
 * accesses, modifiers), not values. So the secret rules pin down <em>where</em> a plaintext can exist and that the
 * secret type renders redacted, but cannot prove that a {@code String} holding a plaintext is never an argument to
 * a logger; that is what the log-leak canary ({@link org.speakr.token.testkit.canary.CanaryListener}) checks at run
 * time over every module's test suite. Likewise the digest rule flags any string equality inside a method that
 * handles a hash, but equality hidden in a collection ({@code HashMap.get} in {@link org.speakr.token.core.spi.InMemoryTokenStore}, a test
 * and demo store) or in a record's generated {@code equals} ({@link TokenRecord}, compared by nothing in main code)
 * is not a call ArchUnit can attribute.
 */
public final class HardeningRules {

    private HardeningRules() {
    }

    /** Main classes only: no test classes and no test jars. */
    public static final class ProductionClasses implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return new ImportOption.DoNotIncludeTests().includes(location)
                    && !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }

    /** Tokens and ids come from the one shared SecureRandom: no weak or guessable randomness anywhere. */
    @ArchTest
    public static final ArchRule NO_WEAK_RANDOMNESS = noClasses()
            .should().dependOnClassesThat().belongToAnyOf(Random.class, ThreadLocalRandom.class, UUID.class,
                    SplittableRandom.class)
            .orShould().callMethod(Math.class, "random")
            .because("secrets and ids must come from SecureRandom");

    /** The core stays free of servlet and JDBC types. */
    @ArchTest
    public static final ArchRule CORE_HAS_NO_SERVLET_OR_JDBC = noClasses()
            .that().resideInAPackage("org.speakr.token.core..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "javax.servlet..", "java.sql..",
                    "javax.sql..")
            .because("core must be usable without a servlet container or a database")
            .allowEmptyShould(true);

    /** The library never reads a plaintext back out of its secret type; only the caller of create() does. */
    @ArchTest
    public static final ArchRule SECRET_NEVER_REVEALED_IN_LIBRARY = noClasses()
            .should().callMethod(SecretToken.class, "reveal")
            .because("the plaintext is shown once, by the application, from CreatedToken");

    /** Only the creation path touches the secret type at all, so nothing else can pass it to a logger. */
    @ArchTest
    public static final ArchRule SECRET_TYPE_STAYS_ON_THE_CREATION_PATH = noClasses()
            .that().doNotBelongToAnyOf(SecretToken.class, CreatedToken.class, ApiTokens.class)
            .should().dependOnClassesThat().belongToAnyOf(SecretToken.class)
            .because("a SecretToken exists only between ApiTokens.create and its caller");

    /** Where plaintext bytes are handled there is no logging and no stringification. */
    @ArchTest
    public static final ArchRule PLAINTEXT_HANDLERS_NEITHER_LOG_NOR_STRINGIFY = noClasses()
            .that().haveNameMatching("org\\.speakr\\.token\\.core\\.(SecretToken|TokenFormat|TokenScratch|Base62)")
            .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "java.util.logging..")
            .orShould().dependOnClassesThat().belongToAnyOf(System.Logger.class)
            .orShould().callMethod(String.class, "valueOf", Object.class)
            .orShould().callMethod(String.class, "valueOf", char[].class)
            .orShould().callMethod(String.class, "format", String.class, Object[].class)
            .orShould().callMethod(Objects.class, "toString", Object.class)
            .orShould().callMethod(Objects.class, "toString", Object.class, String.class)
            .because("token bytes must never reach a log line or a string other than the token itself")
            .allowEmptyShould(true);

    /** Passing a SecretToken to a logger or String.valueOf prints only its final, redacted toString(). */
    @ArchTest
    public static final ArchRule SECRET_TYPE_IS_OPAQUE = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
            .that().belongToAnyOf(SecretToken.class)
            .should(new ArchCondition<>("be final, with a final toString() of its own and no equals/hashCode") {
                @Override
                public void check(JavaClass type, ConditionEvents events) {
                    boolean finalClass = type.getModifiers().contains(JavaModifier.FINAL);
                    Optional<JavaMethod> toString = type.tryGetMethod("toString");
                    boolean redacted = toString.isPresent();
                    boolean noEquality = type.tryGetMethod("equals", Object.class).isEmpty()
                            && type.tryGetMethod("hashCode").isEmpty();
                    boolean privateFields = type.getFields().stream()
                            .allMatch(f -> f.getModifiers().contains(JavaModifier.PRIVATE));
                    boolean ok = finalClass && redacted && noEquality && privateFields;
                    events.add(new SimpleConditionEvent(type, ok, type.getName() + (ok ? " is" : " is not")
                            + " final with its own toString(), private fields and no equals/hashCode"));
                }
            })
            .allowEmptyShould(true);

    /** No byte-array equality that stops at the first difference: digests are compared with MessageDigest.isEqual. */
    @ArchTest
    public static final ArchRule NO_EARLY_EXIT_ARRAY_COMPARISON = noClasses()
            .should().callMethod(Arrays.class, "equals", byte[].class, byte[].class)
            .orShould().callMethod(Arrays.class, "equals", char[].class, char[].class)
            .orShould().callMethod(Arrays.class, "mismatch", byte[].class, byte[].class)
            .orShould().callMethod(Arrays.class, "compare", byte[].class, byte[].class)
            .because("digests are compared only through MessageDigest.isEqual");

    /** Core's package; its package-private classes are named here, not referenced. */
    private static final String CORE = "org.speakr.token.core.";

    private static final List<String> HASH_SOURCES = List.of(
            TokenRecord.class.getName() + ".hash", CORE + "Digest.toHex",
            MessageDigest.class.getName() + ".digest", Mac.class.getName() + ".doFinal",
            HexFormat.class.getName() + ".formatHex");

    private static final List<String> EARLY_EXIT_EQUALITY = List.of(
            String.class.getName() + ".equals", String.class.getName() + ".equalsIgnoreCase",
            String.class.getName() + ".contentEquals", String.class.getName() + ".compareTo",
            String.class.getName() + ".regionMatches", Objects.class.getName() + ".equals",
            Arrays.class.getName() + ".equals");

    /**
     * A method (or lambda body) that obtains a hash must not compare strings with an early-exit equality: in such a
     * method any string comparison is taken to be a hash comparison, which must go through
     * {@link MessageDigest#isEqual}. {@code Digest.equals} is constant-time by construction and is the only other
     * comparison of hashes in main code.
     */
    @ArchTest
    public static final ArchRule HASHES_COMPARED_ONLY_WITH_MESSAGE_DIGEST_IS_EQUAL = codeUnits()
            .that(new DescribedPredicate<JavaCodeUnit>("obtain a hash (TokenRecord.hash, Digest.toHex, "
                    + "MessageDigest.digest, Mac.doFinal, HexFormat.formatHex)") {
                @Override
                public boolean test(JavaCodeUnit unit) {
                    return calls(unit, HASH_SOURCES);
                }
            })
            .should(new ArchCondition<>("compare strings only through MessageDigest.isEqual") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    for (JavaCall<?> call : unit.getCallsFromSelf()) {
                        String target = call.getTarget().getOwner().getName() + "." + call.getTarget().getName();
                        if (EARLY_EXIT_EQUALITY.contains(target)) {
                            events.add(SimpleConditionEvent.violated(call, call.getDescription()
                                    + ": use MessageDigest.isEqual for hashes"));
                        }
                    }
                }
            })
            .allowEmptyShould(true);

    private static boolean calls(JavaCodeUnit unit, List<String> targets) {
        for (JavaCall<?> call : unit.getCallsFromSelf()) {
            if (targets.contains(call.getTarget().getOwner().getName() + "." + call.getTarget().getName())) {
                return true;
            }
        }
        return false;
    }
}
