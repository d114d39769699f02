package org.speakr.token.servlet;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/**
 * The core's {@code HardeningRules} on the servlet module's production classes. The rules are loaded by name from
 * the core's test classes, which the surefire configuration of this module's pom puts on the class path.
 */
@AnalyzeClasses(packages = "org.speakr.token.servlet", importOptions = ImportOption.DoNotIncludeTests.class)
class ServletArchitectureTest {
    @ArchTest
    static final ArchTests HARDENING = ArchTests.in(coreRules());

    private static Class<?> coreRules() {
        try {
            return Class.forName("org.speakr.token.core.HardeningRules");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("org.speakr.token.core.HardeningRules is not on the class path: build "
                    + "speakr-token-core's tests in the same reactor (mvn -pl speakr-token-servlet -am verify)", e);
        }
    }
}
