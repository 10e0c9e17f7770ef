// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import io.switchboard.config.ConfigKeys;
import io.switchboard.routing.ProtocolRouter;
import io.vertx.core.Future;
import java.util.List;

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
     * The configuration keys this application reads beyond the server's own, for example those of the {@code db}
     * section when it opens a database. The launcher sets them from their environment variables and system
     * properties, as it does the server's.
     *
     * @return the tables of keys; none by default
     */
    default List<ConfigKeys> configKeys() {
        return List.of();
    }

    /**
     * Releases what {@link #start} made. Runs after every verticle stopped.
     *
     * @return a future completed when done
     */
    default Future<Void> stop() {
        return Future.succeededFuture();
    }
}
