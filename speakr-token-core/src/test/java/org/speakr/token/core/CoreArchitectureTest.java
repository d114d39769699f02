package org.speakr.token.core;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import org.speakr.token.testkit.HardeningRules;

/** The {@link HardeningRules} on the core's production classes. */
@AnalyzeClasses(packages = "org.speakr.token.core", importOptions = HardeningRules.ProductionClasses.class)
class CoreArchitectureTest {
    @ArchTest
    static final ArchTests HARDENING = ArchTests.in(HardeningRules.class);
}
