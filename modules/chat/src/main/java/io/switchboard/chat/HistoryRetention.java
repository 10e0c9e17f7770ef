// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the stored history bounded: every {@value #INTERVAL_MILLIS} ms it deletes messages older than
 * {@code chat.retainAge} and, in each room, all but the newest {@code chat.retainCount}. The SQL runs on the DB
 * workers, one room per transaction, so storing new messages goes on meanwhile; a pass starts only when the one
 * before it has ended. Every node of a cluster prunes: deleting what another node deleted is harmless. Rooms come
 * from the database, so the rooms another node wrote are pruned too.
 */
final class HistoryRetention {

    /** Time between two passes. */
    static final long INTERVAL_MILLIS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRetention.class);

    private final Vertx vertx;
    private final MessageStore store;
    private final int keep;
    private final long maxAgeMillis;
    private long timer = -1;
    private Future<Long> running;

    /**
     * @param vertx the Vert.x instance, for the timer
     * @param store the messages
     * @param settings the {@code chat} section: {@code retainCount} and {@code retainAge}
     */
    HistoryRetention(Vertx vertx, MessageStore store, ChatSettings settings) {
        this.vertx = vertx;
        this.store = store;
        this.keep = settings.getRetainCount();
        this.maxAgeMillis = settings.getRetainAge() * 1000L;
    }

    /** Starts the passes, unless every message is kept for ever. */
    synchronized void start() {
        if (timer == -1 && (keep > 0 || maxAgeMillis > 0)) {
            timer = vertx.setPeriodic(INTERVAL_MILLIS, INTERVAL_MILLIS, t -> prune());
        }
    }

    /** Stops the passes; one under way finishes. */
    synchronized void stop() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /**
     * Runs a pass now, or joins the one under way. Returns immediately.
     *
     * @return the number of messages deleted; failed (and logged) when the database failed
     */
    synchronized Future<Long> prune() {
        if (running != null) {
            return running;
        }
        String before = maxAgeMillis > 0 ? MessageIds.floor(System.currentTimeMillis() - maxAgeMillis) : null;
        Future<Long> pass = store.roomsToPrune(before, keep)
                .compose(rooms -> pruneEach(rooms, before))
                .onFailure(err -> LOG.warn("Chat history not pruned; trying again later: {}", String.valueOf(err)));
        running = pass;
        pass.onComplete(done -> finished(pass));
        return pass;
    }

    private synchronized void finished(Future<Long> pass) {
        if (running == pass) {
            running = null;
        }
    }

    /** One room after another: a pass never takes more than one DB worker. */
    private Future<Long> pruneEach(List<String> rooms, String before) {
        Future<Long> deleted = Future.succeededFuture(0L);
        for (String room : rooms) {
            deleted = deleted.compose(sum -> store.prune(room, before, keep).map(n -> sum + n));
        }
        return deleted.onSuccess(sum -> {
            if (sum > 0) {
                LOG.info("Chat history pruned: {} messages deleted in {} rooms", sum, rooms.size());
            }
        });
    }
}
