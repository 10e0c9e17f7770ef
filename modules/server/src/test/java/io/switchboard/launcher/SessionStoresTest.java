// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SessionStoresTest {

    private static JsonObject config(String backend, String store) {
        JsonObject config = new JsonObject().put("layer", new JsonObject().put("backend", backend));
        if (store != null) {
            config.put("session", new JsonObject().put("store", store));
        }
        return config;
    }

    @Test
    void autoFollowsTheDeployment() {
        assertThat(SessionStores.kind(config("eventbus", null), true, true)).isEqualTo("cluster");
        assertThat(SessionStores.kind(config("redis", null), false, true)).isEqualTo("redis");
        assertThat(SessionStores.kind(config("redis-pubsub", "auto"), false, false))
                .isEqualTo("redis");
        assertThat(SessionStores.kind(config("memory", null), false, true)).isEqualTo("database");
        assertThat(SessionStores.kind(config("memory", null), false, false)).isEqualTo("cookie");
    }

    @Test
    void theSettingOverridesTheDeployment() {
        assertThat(SessionStores.kind(config("eventbus", "database"), true, true))
                .isEqualTo("database");
        assertThat(SessionStores.kind(config("memory", "redis"), false, true)).isEqualTo("redis");
        assertThat(SessionStores.kind(config("redis", "memory"), false, true)).isEqualTo("memory");
    }

    @Test
    void aStoreTheDeploymentCannotHaveIsAConfigurationError() {
        assertThatThrownBy(() -> SessionStores.kind(config("memory", "cluster"), false, true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("layer.backend to eventbus");
        assertThatThrownBy(() -> SessionStores.kind(config("memory", "database"), false, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("keeps a database");
        assertThatThrownBy(() -> SessionStores.kind(config("memory", "files"), false, true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("session.store 'files' is unknown; expected one of: auto, memory, cluster, redis,"
                        + " database, cookie (set it with SWITCHBOARD_SESSION_STORE)");
    }
}
