// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.HistoryRead.NotRecovered;
import io.switchboard.layer.HistoryRead.Recovered;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One group's recent messages in this process, numbered: the memory layer's history, and the model every backend's
 * history follows. Offsets count from 1 and never repeat within an epoch; the history keeps at most {@code size}
 * messages, each for at most {@code ttl}, and keeps its epoch and last offset after its messages are gone (for
 * a further time to live, see {@link #isIdle}), so a client that saw the last message recovers "nothing missed"
 * rather than "history lost". Memory grows with the messages held, not with the size bound.
 *
 * <p>{@link #append} assigns the offset and lets the caller stamp it into the message before it is stored: the
 * memory layer appends and delivers to the members while holding the history's lock ({@code synchronized} on it),
 * so its members receive a group's messages in offset order. Across a cluster, readers' cursors restore the order.
 *
 * <p>A message may be appended with a key ({@link ChannelLayer#groupSendOnce}): while it is held, another message
 * with the same key is refused, so a sender that tries again after losing its answer does not send twice.
 *
 * <p>Messages are held as JSON text and read back frozen ({@link FrozenJson#decode}), as a cluster's history
 * reads them anyway: bytes in a message come back as the Base64 text JSON makes of them.
 *
 * <p>Times are whatever clock the backend passes, in one unit: {@link System#nanoTime()} in one process, wall-clock
 * milliseconds in a cluster. A history is {@link Serializable} (its messages as JSON text), so that a cluster can
 * keep it as one map entry and move it between members.
 */
public final class GroupHistory implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * A held message as JSON text, with the key it was sent with ({@code null} for none). Text, not the delivered
     * object: a history holds each message for minutes, and one string per message is far less for the garbage
     * collector to copy and age than the message's maps and the renderings its readers remembered on it.
     */
    private record Kept(String json, long appendedAt, String key) {}

    private final String epoch;
    private final int size;
    private final long ttl;
    /** The held messages, oldest first; the last has offset {@link #top}. */
    private ArrayDeque<Kept> kept = new ArrayDeque<>(0);
    /** The keys of the held messages that have one, with their offsets; {@code null} until the first. */
    private HashMap<String, Long> keys;
    /** Offset of the last message appended; 0 before the first. */
    private long top;
    /** When the history was made or last appended to. */
    private long lastActive;

    /**
     * @param epoch this history's epoch
     * @param size the most messages kept
     * @param ttl how long a message is kept, in the unit of the times passed
     * @param now the time it is made
     */
    public GroupHistory(String epoch, int size, long ttl, long now) {
        if (size < 1 || ttl < 1) {
            throw new IllegalArgumentException("A history keeps at least one message for a positive time");
        }
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        this.size = size;
        this.ttl = ttl;
        this.lastActive = now;
    }

    /** @return a new epoch: 12 hex digits, drawn at random, so two histories of one group never share one */
    public static String newEpoch() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
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
     * @param now the time of the append
     * @return the message as kept
     */
    public JsonObject append(Function<StreamPosition, JsonObject> stamp, long now) {
        return append(null, stamp, now);
    }

    /**
     * Numbers the next message and keeps it, unless a held message was sent with the same key.
     *
     * @param key the message's key, or {@code null} for none
     * @param stamp makes the message to keep and deliver from its position
     * @param now the time of the append
     * @return the message as kept, or {@code null} if a held message has the key: nothing was appended
     */
    public synchronized JsonObject append(String key, Function<StreamPosition, JsonObject> stamp, long now) {
        if (key != null && keys != null && keys.containsKey(key)) {
            return null;
        }
        JsonObject message = Objects.requireNonNull(stamp.apply(new StreamPosition(top + 1, epoch)), "message");
        top++;
        if (kept.size() == size) {
            forget(kept.pollFirst());
        }
        keep(new Kept(message.encode(), now, key));
        lastActive = now;
        return message;
    }

    private void keep(Kept message) {
        kept.addLast(message);
        if (message.key() != null) {
            if (keys == null) {
                keys = new HashMap<>();
            }
            keys.put(message.key(), top);
        }
    }

    private void forget(Kept message) {
        if (message.key() != null) {
            keys.remove(message.key());
            if (keys.isEmpty()) {
                keys = null;
            }
        }
    }

    /**
     * The messages after a position.
     *
     * @param since the last position the reader saw
     * @param now the time of the read
     * @return the missed messages, or why they cannot be given
     */
    public synchronized HistoryRead since(StreamPosition since, long now) {
        dropExpired(now);
        return read(since, new StreamPosition(top, epoch), top - kept.size() + 1, count -> {
            List<JsonObject> missed = new ArrayList<>(count);
            Iterator<Kept> newestFirst = kept.descendingIterator();
            for (int i = 0; i < count; i++) {
                missed.add(FrozenJson.decode(Buffer.buffer(newestFirst.next().json())));
            }
            Collections.reverse(missed);
            return missed;
        });
    }

    /**
     * The answer to a read of a history after a position: the rules every backend's history follows, whether it
     * keeps its messages here or in a store (Redis) that hands over the newest ones.
     *
     * @param since the last position the reader saw
     * @param current the position of the history's last message
     * @param oldestHeld the offset of the oldest message still held; {@code current.offset() + 1} when none is
     * @param newest gives the newest {@code count} messages, oldest first; asked only when they are all held
     * @return the missed messages, or why they cannot be given
     */
    public static HistoryRead read(
            StreamPosition since, StreamPosition current, long oldestHeld, IntFunction<List<JsonObject>> newest) {
        if (!since.epoch().equals(current.epoch())) {
            return new NotRecovered("the history's epoch changed", current);
        }
        if (since.offset() > current.offset()) {
            return new NotRecovered("offset " + since.offset() + " lies past the last, " + current.offset(), current);
        }
        if (since.offset() + 1 < oldestHeld) {
            return new NotRecovered("offset " + since.offset() + " fell out of the history", current);
        }
        return new Recovered(newest.apply((int) (current.offset() - since.offset())), current);
    }

    /**
     * Drops the messages older than the time to live.
     *
     * @param now the time
     * @return whether the history holds no message now
     */
    public synchronized boolean dropExpired(long now) {
        long cutoff = now - ttl;
        while (!kept.isEmpty() && kept.peekFirst().appendedAt() - cutoff < 0) {
            forget(kept.pollFirst());
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
     * @param now the time
     * @return whether the history holds nothing and has not been appended to for twice its time to live
     */
    public synchronized boolean isIdle(long now) {
        return dropExpired(now) && now - lastActive >= 2 * ttl;
    }

    /** @return how many messages are held */
    public synchronized int held() {
        return kept.size();
    }

    private synchronized Object writeReplace() {
        List<String> messages = new ArrayList<>(kept.size());
        long[] times = new long[kept.size()];
        String[] messageKeys = new String[kept.size()];
        int i = 0;
        for (Kept k : kept) {
            messages.add(k.json());
            messageKeys[i] = k.key();
            times[i++] = k.appendedAt();
        }
        return new Form(epoch, size, ttl, top, lastActive, messages, times, messageKeys);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("A GroupHistory is read through its serialized form");
    }

    /** The serialized form: the messages as JSON text, read back frozen, with their keys. */
    private record Form(
            String epoch,
            int size,
            long ttl,
            long top,
            long lastActive,
            List<String> messages,
            long[] times,
            String[] keys)
            implements Serializable {

        private static final long serialVersionUID = 2L;

        private Object readResolve() {
            GroupHistory history = new GroupHistory(epoch, size, ttl, lastActive);
            long offset = top - messages.size();
            for (int i = 0; i < messages.size(); i++) {
                history.top = ++offset;
                history.keep(new Kept(messages.get(i), times[i], keys[i]));
            }
            history.top = top;
            return history;
        }
    }
}
