// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware.impl;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.SessionStore;

/** What the stores of {@link StoredSession}s share: their ids' randomness, and no retries of an unknown id. */
abstract class StoredSessionStore implements SessionStore {

    final VertxContextPRNG random;

    StoredSessionStore(Vertx vertx) {
        this.random = VertxContextPRNG.current(vertx);
    }

    /** Made whole by the factory: Vert.x Web's options do not apply. */
    @Override
    public SessionStore init(Vertx vertx, JsonObject options) {
        return this;
    }

    /**
     * No retries: a session is read back on every node once its write completes, and the log-in waits for that, so
     * an unknown id is unknown, and a stale cookie must not hold its request for seconds.
     */
    @Override
    public long retryTimeout() {
        return 0;
    }

    @Override
    public Session createSession(long timeout) {
        return createSession(timeout, DEFAULT_SESSIONID_LENGTH);
    }
}
