// SPDX-License-Identifier: Apache-2.0
package io.switchboard.deploy;

import io.switchboard.testsupport.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The repository's {@code k8s/} directory, rendered as {@code kubectl apply -k} would, by {@code kubectl kustomize}. */
final class Kustomize {

    /** The repository's root: the tests run in {@code modules/deploy}. */
    static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

    static final Path K8S = REPOSITORY.resolve("k8s");

    /** Every overlay under {@code k8s/overlays}. */
    static final List<String> OVERLAYS = List.of("single", "cluster", "redis");

    private Kustomize() {}

    /**
     * Renders a kustomization. Blocking: JUnit thread only.
     *
     * @param directory relative to {@code k8s/}, for example {@code overlays/single}
     * @return the rendered objects, as YAML documents
     */
    static String render(String directory) {
        Services.requireCommand(
                "kubectl is not installed (apt-get install -y kubernetes-client)", "kubectl", "version", "--client");
        Path dir = K8S.resolve(directory);
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                        .redirectError(errors.toFile())
                        .start();
                String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!kubectl.waitFor(60, TimeUnit.SECONDS)) {
                    kubectl.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " did not end within 60 s");
                }
                if (kubectl.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + Files.readString(errors));
                }
                return yaml;
            } finally {
                Files.delete(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + dir, e);
        }
    }
}
