// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import io.switchboard.routing.ProtocolRouter;
import io.vertx.core.Future;

/**
 * A Switchboard application: its HTTP routes and WebSocket consumers. The server calls {@link #start} once per
 * process, then {@link #router} once per WebSocket verticle instance, on that instance's event loop.
 */
public interface Application {

    /**
     * Prepares what the whole process shares, for example database migrations. Runs before any verticle starts.
     *
     * @param app the process's context
     * @return a future completed when ready; a failure stops the start
     */
    default Future<Void> start(AppContext app) {
        return Future.succeededFuture();
    }

    /**
     * Builds the router of one verticle instance.
     *
     * @param app the process's context
     * @return the router: HTTP routes and the WebSocket stack
     */
    ProtocolRouter router(AppContext app);

    /**
     * Releases what {@link #start} made. Runs after every verticle stopped.
     *
     * @return a future completed when done
     */
    default Future<Void> stop() {
        return Future.succeededFuture();
    }
}
