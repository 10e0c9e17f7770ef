// SPDX-License-Identifier: Apache-2.0
package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StrictModelTest {

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: switchboard
            spec:
              selector:
                app: switchboard
              ports:
                - name: http
                  port: 80
                  targetPort: http
            """;

    @Test
    void knownFieldsReadIntoTheModel() {
        assertThat(StrictModel.read(SERVICE, "test"))
                .singleElement()
                .isInstanceOfSatisfying(
                        Service.class,
                        service -> assertThat(service.getSpec()
                                        .getPorts()
                                        .get(0)
                                        .getTargetPort()
                                        .getStrVal())
                                .isEqualTo("http"));
    }

    @Test
    void aMisspelledFieldFailsNamingItsPath() {
        assertThatThrownBy(() -> StrictModel.read(SERVICE.replace("targetPort:", "targetport:"), "test"))
                .hasMessageContaining("Service.spec.ports[0].targetport");
    }

    @Test
    void aValueOfTheWrongTypeFails() {
        assertThatThrownBy(() -> StrictModel.read(SERVICE.replace("port: 80", "port: [80]"), "test"))
                .isInstanceOfAny(AssertionError.class, RuntimeException.class);
    }

    @Test
    void aKindTheModelDoesNotKnowFails() {
        assertThatThrownBy(() -> StrictModel.read(
                        SERVICE.replace("apiVersion: v1\nkind: Service", "apiVersion: example.com/v1\nkind: Widget"),
                        "test"))
                .hasMessageContaining("a kind the Kubernetes model does not know");
    }
}
