// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware;

import io.switchboard.middleware.impl.RecordSessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.sstore.SessionStore;

/**
 * Where a shared session store keeps its sessions: serialized sessions by id, each with a time to live. A backend
 * (Redis, a database table) implements these few calls and {@link #store} makes the Vert.x Web
 * {@link SessionStore} that the HTTP side's {@code SessionHandler} and {@link SessionMiddleware} both read, so a
 * log-in is seen by every process that reads the same records, and outlives the process that made it.
 *
 * <p>Every method returns immediately and may be called from any thread; a backend that blocks does its work on
 * worker threads. A failed future means the backend could not be reached: the session is then unknown for that
 * request, never silently another one.
 */
public interface SessionRecords {

    /**
     * Makes a session store over records.
     *
     * @param vertx the process's Vert.x, for session ids
     * @param records the backend
     * @return the store; closing it closes the records
     */
    static SessionStore store(Vertx vertx, SessionRecords records) {
        return RecordSessionStore.create(vertx, records);
    }

    /**
     * Reads a session's record.
     *
     * @param id the session's id
     * @return a future of the record, or of {@code null} when there is none or it has expired
     */
    Future<Buffer> read(String id);

    /**
     * Writes a session's record, replacing any other with that id.
     *
     * @param id the session's id
     * @param record the serialized session
     * @param ttlMillis milliseconds until it expires unless written again, at least 1
     * @return a future completed once the record is stored
     */
    Future<Void> write(String id, Buffer record, long ttlMillis);

    /**
     * Deletes a session's record; an unknown id is no error.
     *
     * @param id the session's id
     * @return a future completed once it is gone
     */
    Future<Void> delete(String id);

    /** @return a future completed once every record is gone */
    Future<Void> clear();

    /** @return a future of the number of records, expired ones possibly included */
    Future<Integer> size();

    /** Releases the backend's connections; the default does nothing. */
    default void close() {}
}
