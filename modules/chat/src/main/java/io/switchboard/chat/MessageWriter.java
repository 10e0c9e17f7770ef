// SPDX-License-Identifier: Apache-2.0
package io.switchboard.chat;

import io.switchboard.db.Database;
import io.switchboard.db.DatabaseException;
import io.switchboard.layer.spi.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores messages behind their broadcast, in batches: one transaction per batch, its rows in one JDBC batch, flushed
 * when {@code chat.writeBatch} messages wait or {@code chat.writeDelay} ms after the first. One batch is written at a
 * time, so messages are stored in the order they were saved. Each save's future completes, on the caller's context,
 * once its batch is committed or has failed; a full queue ({@code chat.writeQueue}) fails a save at once, never
 * silently. Thread-safe.
 */
final class MessageWriter {

    private record Pending(ChatMessage message, Promise<Void> stored) {}

    private final Vertx vertx;
    private final Database db;
    private final int batchSize;
    private final long delayMillis;
    private final int capacity;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Guarded by this: a batch is being written. */
    private boolean writing;
    /** Guarded by this: the timer of the next flush, or -1. */
    private long timer = -1;

    MessageWriter(Vertx vertx, Database db, int batchSize, long delayMillis, int capacity) {
        this.vertx = vertx;
        this.db = db;
        this.batchSize = batchSize;
        this.delayMillis = delayMillis;
        this.capacity = capacity;
    }

    /**
     * Queues a message for the next batch.
     *
     * @return a future completed once the message is committed; failed with {@link DatabaseException} at once when
     *     {@code chat.writeQueue} messages already wait
     */
    Future<Void> save(ChatMessage message) {
        Promise<Void> stored = Promise.promise();
        synchronized (this) {
            if (queue.size() >= capacity) {
                return Future.failedFuture(new DatabaseException(
                        "Chat messages come faster than the database stores them: " + capacity
                                + " wait already (chat.writeQueue, SWITCHBOARD_CHAT_WRITE_QUEUE)",
                        null));
            }
            queue.add(new Pending(message, stored));
            schedule();
        }
        return CallerContext.completeOn(Vertx.currentContext(), stored.future());
    }

    /** @return messages waiting for their batch */
    synchronized int waiting() {
        return queue.size();
    }

    /** Guarded by this: writes a full batch now, or arms the timer for a partial one. */
    private void schedule() {
        if (writing || queue.isEmpty()) {
            return;
        }
        if (queue.size() >= batchSize || delayMillis == 0) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            write();
        } else if (timer < 0) {
            timer = vertx.setTimer(delayMillis, id -> {
                synchronized (this) {
                    timer = -1;
                    if (!writing && !queue.isEmpty()) {
                        write();
                    }
                }
            });
        }
    }

    /** Guarded by this. */
    private void write() {
        writing = true;
        List<Pending> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
        while (batch.size() < batchSize && !queue.isEmpty()) {
            batch.add(queue.poll());
        }
        List<ChatMessage> messages = new ArrayList<>(batch.size());
        batch.forEach(pending -> messages.add(pending.message()));
        db.atomic(c -> {
                    MessageStore.insertAll(c, messages);
                    return null;
                })
                .onComplete(done -> {
                    batch.forEach(pending -> pending.stored().handle(done.mapEmpty()));
                    synchronized (this) {
                        writing = false;
                        schedule();
                    }
                });
    }
}
