// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.json.JsonObject;

/** Sessions in the embedded H2 database, the default on one node: a restart keeps them. */
class H2SessionRestartTest extends SessionRestartScenarios {

    @Override
    TestDatabase database() throws Exception {
        return new H2TestDatabase();
    }

    @Override
    JsonObject config() {
        // the default, auto: the memory layer and a database
        return new JsonObject();
    }

    @Override
    boolean inTable() {
        return true;
    }
}
