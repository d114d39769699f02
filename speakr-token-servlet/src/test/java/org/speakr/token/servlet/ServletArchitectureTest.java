package org.speakr.token.servlet;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import org.speakr.token.testkit.HardeningRules;

/** The testkit's {@link HardeningRules} on the servlet module's production classes. */
@AnalyzeClasses(packages = "org.speakr.token.servlet", importOptions = HardeningRules.ProductionClasses.class)
class ServletArchitectureTest {
    @ArchTest
    static final ArchTests HARDENING = ArchTests.in(HardeningRules.class);
}
