// SPDX-License-Identifier: Apache-2.0
package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.switchboard.launcher.Settings;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** The objects one overlay renders, read strictly into the Kubernetes model. */
record Manifest(String overlay, List<HasMetadata> objects) {

    /**
     * Renders an overlay and reads it.
     *
     * @param overlay a directory of {@code k8s/overlays}
     * @return its objects
     */
    static Manifest of(String overlay) {
        String directory = "overlays/" + overlay;
        return new Manifest(overlay, StrictModel.read(Kustomize.render(directory), "k8s/" + directory));
    }

    /** @return the objects of a kind */
    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** @return the one object of a kind */
    <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError(overlay + " renders " + found.size() + " " + kind.getSimpleName() + ", not 1");
        }
        return found.get(0);
    }

    /** @return the object of a kind with a name */
    <T extends HasMetadata> T named(Class<T> kind, String name) {
        return all(kind).stream()
                .filter(object -> object.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no " + kind.getSimpleName() + " " + name));
    }

    Deployment deployment() {
        return one(Deployment.class);
    }

    /** @return the chat's container: the pods run this one only */
    Container container() {
        List<Container> containers =
                deployment().getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(overlay + ": the pod runs " + containers.size() + " containers, not 1");
        }
        return containers.get(0);
    }

    /** @return the labels of the Deployment's pods */
    Map<String, String> podLabels() {
        return deployment().getSpec().getTemplate().getMetadata().getLabels();
    }

    /**
     * Checks that a selector picks the Deployment's pods: it is not empty and each of its labels is a pod label.
     *
     * @param selector the selector's labels
     * @param what the object it belongs to, for the message
     */
    void assertSelectsPods(Map<String, String> selector, String what) {
        assertThat(selector).as(overlay + ": the selector of " + what).isNotEmpty();
        assertThat(podLabels())
                .as(overlay + ": the pod labels that " + what + " selects")
                .containsAllEntriesOf(selector);
    }

    /**
     * The container port a probe, Service or policy names, by name or by number.
     *
     * @param port a port's name or number
     * @return the container's port number
     */
    int containerPort(IntOrString port) {
        if (port.getIntVal() != null) {
            return container().getPorts().stream()
                    .map(ContainerPort::getContainerPort)
                    .filter(port.getIntVal()::equals)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + ": the container has no port " + port.getIntVal()));
        }
        return containerPort(port.getStrVal());
    }

    /** @return the number of the container port of a name */
    int containerPort(String name) {
        return container().getPorts().stream()
                .filter(candidate -> name.equals(candidate.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": the container has no port named " + name));
    }

    /** @return the pod's {@code conf/switchboard.json}, as the ConfigMap holds it */
    String configFile() {
        return one(ConfigMap.class)
                .getData()
                .get(Settings.DEFAULT_FILE.getFileName().toString());
    }

    /** @return the configuration the pod's server reads: the ConfigMap's file, then the container's environment */
    JsonObject settings() {
        return ServerSettings.effective(configFile(), PodEnvironment.of(container()));
    }

    @Override
    public String toString() {
        return overlay;
    }
}
