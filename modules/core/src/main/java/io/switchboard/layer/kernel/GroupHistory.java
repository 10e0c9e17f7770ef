// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.HistoryRead.NotRecovered;
import io.switchboard.layer.HistoryRead.Recovered;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One group's recent messages in this process, numbered: the memory layer's history, and the model every backend's
 * history follows. Offsets count from 1 and never repeat within an epoch; the history keeps at most {@code size}
 * messages, each for at most {@code ttlNanos}, and keeps its epoch and last offset after its messages are gone (for
 * a further time to live, see {@link #isIdle}), so a client that saw the last message recovers "nothing missed"
 * rather than "history lost". Memory grows with the messages held, not with the size bound.
 *
 * <p>{@link #append} assigns the offset and lets the caller stamp it into the message before it is stored: a
 * backend appends and delivers to the members while holding the history's lock ({@code synchronized} on it), so the
 * members receive a group's messages in offset order.
 */
public final class GroupHistory {

    private record Kept(JsonObject message, long appendedAt) {}

    private final String epoch;
    private final int size;
    private final long ttlNanos;
    /** The held messages, oldest first; the last has offset {@link #top}. */
    private ArrayDeque<Kept> kept = new ArrayDeque<>(0);
    /** Offset of the last message appended; 0 before the first. */
    private long top;
    /** When the history was made or last appended to. */
    private long lastActive;

    /**
     * @param epoch this history's epoch
     * @param size the most messages kept
     * @param ttlNanos how long a message is kept
     * @param now the time it is made, {@link System#nanoTime()}
     */
    public GroupHistory(String epoch, int size, long ttlNanos, long now) {
        if (size < 1 || ttlNanos < 1) {
            throw new IllegalArgumentException("A history keeps at least one message for a positive time");
        }
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        this.size = size;
        this.ttlNanos = ttlNanos;
        this.lastActive = now;
    }

    /** @return the epoch of this history */
    public String epoch() {
        return epoch;
    }

    /** @return the position of the last message appended */
    public synchronized StreamPosition top() {
        return new StreamPosition(top, epoch);
    }

    /**
     * Numbers the next message and keeps it, dropping the oldest beyond the size.
     *
     * @param stamp makes the message to keep and deliver from its position
     * @param now the time of the append, {@link System#nanoTime()}
     * @return the message as kept
     */
    public synchronized JsonObject append(Function<StreamPosition, JsonObject> stamp, long now) {
        JsonObject message = Objects.requireNonNull(stamp.apply(new StreamPosition(top + 1, epoch)), "message");
        top++;
        if (kept.size() == size) {
            kept.pollFirst();
        }
        kept.addLast(new Kept(message, now));
        lastActive = now;
        return message;
    }

    /**
     * The messages after a position.
     *
     * @param since the last position the reader saw
     * @param now the time of the read, {@link System#nanoTime()}
     * @return the missed messages, or why they cannot be given
     */
    public synchronized HistoryRead since(StreamPosition since, long now) {
        dropExpired(now);
        StreamPosition current = new StreamPosition(top, epoch);
        if (!since.epoch().equals(epoch)) {
            return new NotRecovered("the history's epoch changed", current);
        }
        if (since.offset() > top) {
            return new NotRecovered("offset " + since.offset() + " lies past the last, " + top, current);
        }
        long oldestHeld = top - kept.size() + 1;
        if (since.offset() + 1 < oldestHeld) {
            return new NotRecovered("offset " + since.offset() + " fell out of the history", current);
        }
        List<JsonObject> missed = new ArrayList<>((int) (top - since.offset()));
        Iterator<Kept> newestFirst = kept.descendingIterator();
        for (long offset = top; offset > since.offset(); offset--) {
            missed.add(newestFirst.next().message());
        }
        Collections.reverse(missed);
        return new Recovered(missed, current);
    }

    /**
     * Drops the messages older than the time to live.
     *
     * @param now the time, {@link System#nanoTime()}
     * @return whether the history holds no message now
     */
    public synchronized boolean dropExpired(long now) {
        long cutoff = now - ttlNanos;
        while (!kept.isEmpty() && kept.peekFirst().appendedAt() - cutoff < 0) {
            kept.pollFirst();
        }
        if (kept.isEmpty()) {
            // An ArrayDeque never shrinks: let a burst's array go
            kept = new ArrayDeque<>(0);
            return true;
        }
        return false;
    }

    /**
     * Drops the expired messages and tells whether the history can go: it has held nothing for a further time to
     * live after its last message expired, so a reader told its position within that time still finds the epoch.
     *
     * @param now the time, {@link System#nanoTime()}
     * @return whether the history holds nothing and has not been appended to for twice its time to live
     */
    public synchronized boolean isIdle(long now) {
        return dropExpired(now) && now - lastActive >= 2 * ttlNanos;
    }

    /** @return how many messages are held */
    public synchronized int held() {
        return kept.size();
    }
}
