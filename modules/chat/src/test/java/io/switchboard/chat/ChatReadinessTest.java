// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.launcher.Switchboard;
import io.switchboard.testsupport.LoopbackPorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat's database on the management port: a readiness check that fails when the database is down, and figures. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChatReadinessTest {

    private Vertx vertx;
    private H2TestDatabase database;
    private Switchboard.RunningServer server;
    private HttpClient http;

    record Answer(int status, String body) {}

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close().await(20, TimeUnit.SECONDS);
        }
        if (database != null) {
            database.close();
        }
    }

    private Answer get(String path) throws Exception {
        return http.request(HttpMethod.GET, server.managementPort(), "127.0.0.1", path)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())))
                .await(10, TimeUnit.SECONDS);
    }

    @Test
    void theNodeIsNotReadyWhileItsDatabaseIsDownAndShowsTheDatabasesFigures() throws Exception {
        database = new H2TestDatabase();
        JsonObject config = new JsonObject()
                .put(
                        "server",
                        new JsonObject().put("host", "127.0.0.1").put("port", 0).put("instances", 1))
                .put("management", new JsonObject().put("port", LoopbackPorts.free()))
                .put("db", database.config());
        vertx = Vertx.vertx();
        server = Switchboard.start(vertx, new ChatApplication(), config).await(20, TimeUnit.SECONDS);
        http = vertx.createHttpClient();

        Answer ready = get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getJsonArray("checks").encode()).contains("\"id\":\"database\"");
        String metrics = get("/metrics").body();
        assertThat(metrics)
                .contains("switchboard_db_queue_depth 0.0")
                .contains("switchboard_db_workers_busy ")
                .contains("switchboard_db_units_overloaded_total 0.0")
                .contains("switchboard_db_unit_wait_seconds_count ")
                .contains("switchboard_db_unit_run_seconds_sum ");

        database.takeDown();
        Answer down = get("/health/ready");
        assertThat(down.status()).isEqualTo(503);
        JsonObject failing = new JsonObject(down.body())
                .getJsonArray("checks").stream()
                        .map(JsonObject.class::cast)
                        .filter(check -> check.getString("id").equals("database"))
                        .findFirst()
                        .orElseThrow();
        assertThat(failing.getString("status")).isEqualTo("DOWN");
        assertThat(failing.getJsonObject("data").getString("error")).isNotBlank();
        assertThat(get("/health/live").status()).isEqualTo(200);
    }
}
