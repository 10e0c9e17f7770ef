// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.testsupport.SharedRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Sessions in Redis, where the Redis layer keeps them unless told otherwise: a restart keeps them. */
class RedisSessionRestartIT extends SessionRestartScenarios {

    private final String prefix = SharedRedis.uniquePrefix("sessions");

    @Override
    TestDatabase database() throws Exception {
        SharedRedis.require();
        return new H2TestDatabase();
    }

    @Override
    JsonObject config() {
        return new JsonObject()
                .put(
                        "layer",
                        new JsonObject()
                                .put("backend", "redis")
                                .put("hosts", new JsonArray().add(SharedRedis.url()))
                                .put("prefix", prefix));
    }

    @Override
    boolean inTable() {
        return false;
    }
}
