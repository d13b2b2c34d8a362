package io.nija.core.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The domain stays pure: no I/O, no frameworks, no other module of the router. */
@AnalyzeClasses(packages = "io.nija.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreDoesNoNetworkOrDatabaseIoAndUsesNoWebOrJsonFramework = noClasses()
            .that().resideInAPackage("io.nija.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.net..", "java.sql..", "javax.sql..", "java.net.http..",
                    "com.fasterxml.jackson..", "io.javalin..", "org.postgresql..", "org.flywaydb..", "org.jdbi..",
                    "com.zaxxer..", "io.micrometer..");

    @ArchTest
    static final ArchRule coreDependsOnNoOtherRouterModule = noClasses()
            .that().resideInAPackage("io.nija.core..")
            .should().dependOnClassesThat(resideInAPackage("io.nija..").and(not(resideInAPackage("io.nija.core.."))));

    @ArchTest
    static final ArchRule coreReadsNoWallClockOutsideSystemClock = noClasses()
            .that().resideInAPackage("io.nija.core..")
            .and().doNotHaveSimpleName("SystemClock")
            .should().callMethod(java.time.Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis");
}
