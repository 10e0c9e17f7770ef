// SPDX-License-Identifier: Apache-2.0
package io.switchboard;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Core's concerns build on each other in one direction: the channel layer knows no consumer, a consumer knows no
 * middleware, routing knows no server. Each concern's API, SPI and implementation packages are one slice.
 */
class PackageStructureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.switchboard");

    @Test
    void concernsFormNoCycle() {
        slices().matching("io.switchboard.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void concernsBuildOnEachOtherInOneDirection() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("auth")
                .definedBy("io.switchboard.auth..")
                .layer("layer")
                .definedBy("io.switchboard.layer..")
                .layer("consumer")
                .definedBy("io.switchboard.consumer..")
                .layer("middleware")
                .definedBy("io.switchboard.middleware..")
                .layer("routing")
                .definedBy("io.switchboard.routing..")
                .layer("server")
                .definedBy("io.switchboard.server..")
                .whereLayer("server")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("routing")
                .mayOnlyBeAccessedByLayers("server")
                .whereLayer("middleware")
                .mayOnlyBeAccessedByLayers("routing", "server")
                .whereLayer("consumer")
                .mayOnlyBeAccessedByLayers("middleware", "routing", "server")
                .whereLayer("layer")
                .mayOnlyBeAccessedByLayers("consumer", "middleware", "routing", "server")
                .check(CORE);
    }
}
