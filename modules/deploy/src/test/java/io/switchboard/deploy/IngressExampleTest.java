// SPDX-License-Identifier: Apache-2.0
package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Ingress example, in no overlay, reads into the model and reaches the client Service over WebSockets. */
@Timeout(60)
class IngressExampleTest {

    @Test
    void ingressReachesTheClientServiceWithLongWebSocketTimeouts() throws IOException {
        List<HasMetadata> objects = StrictModel.read(
                Files.readString(Kustomize.K8S.resolve("examples/ingress.yaml")), "k8s/examples/ingress.yaml");
        Ingress ingress = (Ingress) objects.get(0);
        Manifest single = ManifestsTest.overlay("single");
        Service clients = single.named(Service.class, "switchboard");

        IngressServiceBackend backend = ingress.getSpec()
                .getRules()
                .get(0)
                .getHttp()
                .getPaths()
                .get(0)
                .getBackend()
                .getService();
        assertThat(backend.getName()).isEqualTo(clients.getMetadata().getName());
        assertThat(clients.getSpec().getPorts())
                .anySatisfy(port ->
                        assertThat(port.getName()).isEqualTo(backend.getPort().getName()));
        // longer than the server's idle timeout, so that the proxy never cuts an open socket first
        int idleTimeout = ServerSettings.intValue(single.settings(), "server.idleTimeout");
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            assertThat(Integer.parseInt(
                            ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/" + timeout)))
                    .isGreaterThan(idleTimeout);
        }
    }
}
