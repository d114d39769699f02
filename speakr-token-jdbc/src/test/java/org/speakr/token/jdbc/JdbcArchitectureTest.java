package org.speakr.token.jdbc;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import org.speakr.token.testkit.HardeningRules;

/** The core's {@link HardeningRules} on the jdbc module's production classes. */
@AnalyzeClasses(packages = "org.speakr.token.jdbc", importOptions = HardeningRules.ProductionClasses.class)
class JdbcArchitectureTest {
    @ArchTest
    static final ArchTests HARDENING = ArchTests.in(HardeningRules.class);
}
