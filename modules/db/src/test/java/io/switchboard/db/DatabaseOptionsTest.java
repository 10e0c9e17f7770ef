// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseOptionsTest {

    @Test
    void defaultsNeedNoServer() {
        DatabaseOptions options = new DatabaseOptions();
        assertThat(options.getUrl()).isEqualTo(DatabaseOptions.DEFAULT_URL).startsWith("jdbc:h2:file:./data/");
        assertThat(options.getWorkers())
                .isEqualTo(DatabaseOptions.DEFAULT_WORKERS)
                .isGreaterThanOrEqualTo(2);
        assertThat(options.getSyncConnections()).isEqualTo(options.getWorkers());
        assertThat(options.getMaxAgeSeconds()).isEqualTo(DatabaseOptions.DEFAULT_MAX_AGE_SECONDS);
        assertThat(options.getQueueSize()).isEqualTo(DatabaseOptions.DEFAULT_QUEUE_SIZE);
        assertThat(options.getUnitTimeoutMillis()).isEqualTo(DatabaseOptions.DEFAULT_UNIT_TIMEOUT_MILLIS);
        assertThat(options.isHealthChecks()).isTrue();
        assertThat(options.isAllowAsyncUnsafe()).isFalse();
        assertThat(options.getUser()).isNull();
    }

    @Test
    void readsTheDbSectionAndWritesItBack() {
        JsonObject json = new JsonObject()
                .put("url", "jdbc:postgresql://127.0.0.1:5432/app")
                .put("user", "app")
                .put("password", "secret")
                .put("workers", 8)
                .put("maxAge", -1)
                .put("queueSize", 50)
                .put("unitTimeout", 1500)
                .put("syncConnections", 3)
                .put("clientPoolSize", 2)
                .put("connectTimeout", 1000)
                .put("healthChecks", false)
                .put("allowAsyncUnsafe", true)
                .put("applicationName", "chat");
        DatabaseOptions options = new DatabaseOptions(json);
        assertThat(options.getWorkers()).isEqualTo(8);
        assertThat(options.getMaxAgeSeconds()).isEqualTo(-1);
        assertThat(options.getSyncConnections()).isEqualTo(3);
        assertThat(options.isAllowAsyncUnsafe()).isTrue();
        assertThat(options.toJson()).isEqualTo(json);
        assertThat(new DatabaseOptions(options).toJson()).isEqualTo(json);
    }

    @Test
    void acceptsTheStringsOfEnvironmentVariables() {
        DatabaseOptions options = new DatabaseOptions(new JsonObject()
                .put("workers", "6")
                .put("maxAge", "60")
                .put("allowAsyncUnsafe", "true")
                .put("healthChecks", "0"));
        assertThat(options.getWorkers()).isEqualTo(6);
        assertThat(options.getMaxAgeSeconds()).isEqualTo(60);
        assertThat(options.isAllowAsyncUnsafe()).isTrue();
        assertThat(options.isHealthChecks()).isFalse();
    }

    @Test
    void theEnvironmentTableHasEveryVariableAndSetsEveryKey() {
        assertThat(DatabaseOptions.KEYS.variables())
                .containsExactly(
                        Map.entry("SWITCHBOARD_DB_URL", "db.url"),
                        Map.entry("SWITCHBOARD_DB_USER", "db.user"),
                        Map.entry("SWITCHBOARD_DB_PASSWORD", "db.password"),
                        Map.entry("SWITCHBOARD_DB_WORKERS", "db.workers"),
                        Map.entry("SWITCHBOARD_DB_MAX_AGE", "db.maxAge"),
                        Map.entry("SWITCHBOARD_DB_QUEUE_SIZE", "db.queueSize"),
                        Map.entry("SWITCHBOARD_DB_UNIT_TIMEOUT", "db.unitTimeout"),
                        Map.entry("SWITCHBOARD_DB_SYNC_CONNECTIONS", "db.syncConnections"),
                        Map.entry("SWITCHBOARD_DB_CLIENT_POOL_SIZE", "db.clientPoolSize"),
                        Map.entry("SWITCHBOARD_DB_CONNECT_TIMEOUT", "db.connectTimeout"),
                        Map.entry("SWITCHBOARD_DB_HEALTH_CHECKS", "db.healthChecks"),
                        Map.entry("SWITCHBOARD_DB_ALLOW_ASYNC_UNSAFE", "db.allowAsyncUnsafe"),
                        Map.entry("SWITCHBOARD_DB_APPLICATION_NAME", "db.applicationName"));
        DatabaseOptions options = new DatabaseOptions(DatabaseOptions.KEYS.environment(Map.ofEntries(
                Map.entry("SWITCHBOARD_DB_URL", "jdbc:postgresql://db:5432/chat"),
                Map.entry("SWITCHBOARD_DB_USER", "chat"),
                Map.entry("SWITCHBOARD_DB_PASSWORD", "pw"),
                Map.entry("SWITCHBOARD_DB_WORKERS", "6"),
                Map.entry("SWITCHBOARD_DB_MAX_AGE", "-1"),
                Map.entry("SWITCHBOARD_DB_QUEUE_SIZE", "7"),
                Map.entry("SWITCHBOARD_DB_UNIT_TIMEOUT", "800"),
                Map.entry("SWITCHBOARD_DB_SYNC_CONNECTIONS", "9"),
                Map.entry("SWITCHBOARD_DB_CLIENT_POOL_SIZE", "10"),
                Map.entry("SWITCHBOARD_DB_CONNECT_TIMEOUT", "1100"),
                Map.entry("SWITCHBOARD_DB_HEALTH_CHECKS", "false"),
                Map.entry("SWITCHBOARD_DB_ALLOW_ASYNC_UNSAFE", "true"),
                Map.entry("SWITCHBOARD_DB_APPLICATION_NAME", "chat-1"))));
        assertThat(options.toJson())
                .isEqualTo(new JsonObject()
                        .put("url", "jdbc:postgresql://db:5432/chat")
                        .put("user", "chat")
                        .put("password", "pw")
                        .put("workers", 6)
                        .put("maxAge", -1L)
                        .put("queueSize", 7)
                        .put("unitTimeout", 800L)
                        .put("syncConnections", 9)
                        .put("clientPoolSize", 10)
                        .put("connectTimeout", 1100L)
                        .put("healthChecks", false)
                        .put("allowAsyncUnsafe", true)
                        .put("applicationName", "chat-1"));
    }

    @Test
    void anUnsetSyncConnectionsFollowsTheWorkersThroughACopy() {
        DatabaseOptions copy = new DatabaseOptions(new DatabaseOptions().setWorkers(3)).setWorkers(5);
        assertThat(copy.getSyncConnections()).isEqualTo(5);
        assertThat(copy.toJson().containsKey("syncConnections")).isFalse();
    }

    @Test
    void badValuesNameTheKeyAndShowTheValue() {
        assertThatThrownBy(() -> new DatabaseOptions(new JsonObject().put("workers", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("db.workers 'many' is not a whole number");
        assertThatThrownBy(() -> new DatabaseOptions().setWorkers(0)).hasMessage("db.workers must be > 0, was 0");
        assertThatThrownBy(() -> new DatabaseOptions().setMaxAgeSeconds(-2))
                .hasMessageContaining("db.maxAge must be >= 0 seconds or -1 (unlimited), was -2");
        assertThatThrownBy(() -> new DatabaseOptions().setUrl("postgres://x"))
                .hasMessageContaining("db.url must be a JDBC URL");
        assertThatThrownBy(() -> new DatabaseOptions(new JsonObject().put("allowAsyncUnsafe", "maybe")))
                .hasMessage("db.allowAsyncUnsafe 'maybe' is not true or false");
    }
}
