// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Sessions in signed cookies, with a secret made on the first start and kept in a file: a restart keeps them. */
class CookieSessionRestartTest extends SessionRestartScenarios {

    @TempDir
    Path data;

    @Override
    TestDatabase database() throws Exception {
        return new H2TestDatabase();
    }

    @Override
    JsonObject config() {
        return new JsonObject()
                .put(
                        "session",
                        new JsonObject()
                                .put("store", "cookie")
                                .put(
                                        "secretFile",
                                        data.resolve("session-secret").toString()));
    }

    @Override
    boolean inTable() {
        return false;
    }

    @Override
    boolean inCookie() {
        return true;
    }
}
