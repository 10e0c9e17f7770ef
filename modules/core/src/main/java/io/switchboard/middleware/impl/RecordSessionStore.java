// SPDX-License-Identifier: Apache-2.0
package io.switchboard.middleware.impl;

import io.switchboard.middleware.SessionRecords;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Session;
import java.util.Objects;

/**
 * A Vert.x Web session store over {@link SessionRecords}. A write replaces the record whole (the last write wins,
 * as Django's database and cache backends do); its time to live is the session's timeout, counted from its last
 * access, so an idle session ends in the backend by itself.
 */
public final class RecordSessionStore extends StoredSessionStore {

    private final SessionRecords records;

    private RecordSessionStore(Vertx vertx, SessionRecords records) {
        super(vertx);
        this.records = Objects.requireNonNull(records, "records");
    }

    /**
     * @param vertx the process's Vert.x
     * @param records the backend
     * @return the store
     */
    public static RecordSessionStore create(Vertx vertx, SessionRecords records) {
        return new RecordSessionStore(vertx, records);
    }

    @Override
    public Session createSession(long timeout, int length) {
        return new StoredSession(random, timeout, length);
    }

    @Override
    public Future<Session> get(String id) {
        return records.read(id).map(record -> {
            if (record == null) {
                return null;
            }
            StoredSession session = StoredSession.fromBuffer(random, record);
            // a record the backend has not dropped yet may already be past its time
            return session.expired() ? null : session;
        });
    }

    @Override
    public Future<Void> delete(String id) {
        return records.delete(id);
    }

    @Override
    public Future<Void> put(Session session) {
        if (!(session instanceof StoredSession stored)) {
            return Future.failedFuture(new IllegalArgumentException(
                    "Session " + session.getClass().getName() + " was not made by this store"));
        }
        stored.incrementVersion();
        long ttl = Math.max(1, stored.lastAccessed() + stored.timeout() - System.currentTimeMillis());
        return records.write(stored.id(), stored.toBuffer(), ttl);
    }

    @Override
    public Future<Void> clear() {
        return records.clear();
    }

    @Override
    public Future<Integer> size() {
        return records.size();
    }

    @Override
    public void close() {
        records.close();
    }
}
