// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.json.JsonObject;

/** Sessions in PostgreSQL, named by the setting: a restart keeps them. */
class PostgresSessionRestartIT extends SessionRestartScenarios {

    @Override
    TestDatabase database() {
        return new PostgresTestDatabase();
    }

    @Override
    JsonObject config() {
        return new JsonObject().put("session", new JsonObject().put("store", "database"));
    }

    @Override
    boolean inTable() {
        return true;
    }
}
