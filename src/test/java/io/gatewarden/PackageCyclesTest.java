package io.gatewarden;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.testsupport.cycles.left.Left;
import io.gatewarden.testsupport.cycles.right.Right;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data flows one way (tail → parse → run → detect → incident → breaker | act | alert; daemon, api, metrics and cli on
 * top): no package may reach, directly or through others, a package that reaches it back. A package is the first
 * name below {@code io.gatewarden} with everything under it ({@code detect.pressure} is {@code detect}). Read from the
 * compiled classes, so a fully qualified name counts as much as an import; a failure lists every cycle found.
 */
class PackageCyclesTest {

    static ArchRule topLevelPackagesFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        // the folder (or jar) main's classes were compiled to: scanning the whole class path for the package is slower
        Path mainClasses = Path.of(GatewardenConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(mainClasses);
        assertThat(main.contain(GatewardenConfig.class)).isTrue();
    }

    @Test
    void mainPackagesFormNoCycle() {
        topLevelPackagesFreeOfCycles("io.gatewarden").check(main);
    }

    /** config maps gatewarden.yaml to the stages' settings records: only what sits above the stages reads it. */
    @Test
    void noStageReadsTheConfig() {
        noClasses().that().resideOutsideOfPackages("io.gatewarden.config..", "io.gatewarden.daemon..",
                        "io.gatewarden.api..", "io.gatewarden.metrics..", "io.gatewarden.demo..", "io.gatewarden.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.gatewarden.config..")
                .check(main);
    }

    @Test
    void aCycleFailsTheRuleAndIsNamed() {
        // testsupport.cycles.left imports right, right names left by its fully qualified name
        JavaClasses fixture = new ClassFileImporter().importClasses(Left.class, Right.class);
        assertThatThrownBy(() -> topLevelPackagesFreeOfCycles("io.gatewarden.testsupport.cycles").check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("left")
                .hasMessageContaining("right");
    }
}
