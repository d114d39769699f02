package org.speakr.token.core;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.speakr.token.testkit.HardeningRules;

/** The {@link HardeningRules} on the core's production classes. */
@AnalyzeClasses(packages = "org.speakr.token.core", importOptions = HardeningRules.ProductionClasses.class)
class CoreArchitectureTest {
    @ArchTest
    static final ArchTests HARDENING = ArchTests.in(HardeningRules.class);

    /** Client addresses and allowed networks are read by the library's own literal parser: no lookup, ever. */
    @ArchTest
    static final ArchRule NO_NAME_RESOLUTION = ArchRuleDefinition.noClasses()
            .should().dependOnClassesThat().haveFullyQualifiedName("java.net.InetAddress")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Inet4Address")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Inet6Address")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.InetSocketAddress")
            .because("a token's network check must never resolve a host name");
}
