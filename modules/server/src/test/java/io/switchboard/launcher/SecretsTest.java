// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void passwordsAndUrlCredentialsAreMaskedAndTheRestIsKept() {
        JsonObject config = new JsonObject()
                .put("server", new JsonObject().put("port", 8000).put("tlsKey", "/etc/tls/key.pem"))
                .put(
                        "layer",
                        new JsonObject()
                                .put("backend", "redis")
                                .put(
                                        "hosts",
                                        new JsonArray()
                                                .add("redis://:s3cret@redis-0:6379/0")
                                                .add("rediss://app:pa55@redis-1:6380")
                                                .add("redis://redis-2:6379")))
                .put(
                        "db",
                        new JsonObject()
                                .put("url", "jdbc:postgresql://db:5432/chat")
                                .put("user", "chat")
                                .put("password", "hunter2"));

        JsonObject masked = Secrets.masked(config);

        assertThat(masked.encode()).doesNotContain("s3cret", "pa55", "hunter2");
        assertThat(masked.getJsonObject("layer").getJsonArray("hosts"))
                .containsExactly(
                        "redis://:****@redis-0:6379/0", "rediss://app:****@redis-1:6380", "redis://redis-2:6379");
        assertThat(masked.getJsonObject("db"))
                .isEqualTo(new JsonObject()
                        .put("url", "jdbc:postgresql://db:5432/chat")
                        .put("user", "chat")
                        .put("password", "****"));
        // a path to a key file says where it is, not what it holds; still, key settings are masked
        assertThat(masked.getJsonObject("server").getString("tlsKey")).isEqualTo("****");
        assertThat(masked.getJsonObject("server").getInteger("port")).isEqualTo(8000);
        assertThat(config.getJsonObject("db").getString("password"))
                .as("the configuration itself")
                .isEqualTo("hunter2");
    }
}
