// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.StreamPosition;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One group's recent messages in this process, numbered: the memory layer's history, and the model every backend's
 * history follows. Offsets count from 1 and never repeat within an epoch; the history keeps at most {@code size}
 * messages, each for at most {@code ttlNanos}, and keeps its epoch and last offset after its messages are gone, so a
 * client that saw the last message recovers "nothing missed" rather than "history lost".
 *
 * <p>{@link #append} assigns the offset and lets the caller stamp it into the message before it is stored: a
 * backend appends and delivers to the members while holding the history's lock ({@code synchronized} on it), so the
 * members receive a group's messages in offset order.
 */
public final class GroupHistory {

    /** What a read of the history found. */
    public sealed interface Read {}

    /**
     * Every message after the position asked for, in order; empty when nothing was missed.
     *
     * @param messages the missed messages
     * @param top the position of the group's last message
     */
    public record Recovered(List<JsonObject> messages, StreamPosition top) implements Read {}

    /**
     * The messages after the position asked for are not all here: the epoch changed, the offset fell out of the
     * history or lies past its end.
     *
     * @param reason why, in a few words
     * @param top the position of the group's last message
     */
    public record NotRecovered(String reason, StreamPosition top) implements Read {}

    private final String epoch;
    private final int size;
    private final long ttlNanos;
    private final JsonObject[] messages;
    private final long[] appendedAt;
    /** Offset of the last message appended; 0 before the first. */
    private long top;
    /** How many of the latest messages are still held. */
    private int held;
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
        this.messages = new JsonObject[size];
        this.appendedAt = new long[size];
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
        int slot = (int) ((top - 1) % size);
        messages[slot] = message;
        appendedAt[slot] = now;
        held = Math.min(held + 1, size);
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
    public synchronized Read since(StreamPosition since, long now) {
        dropExpired(now);
        StreamPosition current = new StreamPosition(top, epoch);
        if (!since.epoch().equals(epoch)) {
            return new NotRecovered("the history's epoch changed", current);
        }
        if (since.offset() > top) {
            return new NotRecovered("offset " + since.offset() + " lies past the last, " + top, current);
        }
        long oldestHeld = top - held + 1;
        if (since.offset() + 1 < oldestHeld) {
            return new NotRecovered("offset " + since.offset() + " fell out of the history", current);
        }
        List<JsonObject> missed = new ArrayList<>((int) (top - since.offset()));
        for (long offset = since.offset() + 1; offset <= top; offset++) {
            missed.add(messages[(int) ((offset - 1) % size)]);
        }
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
        while (held > 0) {
            int oldest = (int) ((top - held) % size);
            if (appendedAt[oldest] - cutoff >= 0) {
                break;
            }
            messages[oldest] = null;
            held--;
        }
        return held == 0;
    }

    /**
     * Drops the expired messages and tells whether the history can go: it holds nothing and has not been appended
     * to for its time to live, so a reader told its position a moment ago still finds the same epoch.
     *
     * @param now the time, {@link System#nanoTime()}
     * @return whether the history holds nothing and has been idle for its time to live
     */
    public synchronized boolean isIdle(long now) {
        return dropExpired(now) && now - lastActive >= ttlNanos;
    }

    /** @return how many messages are held */
    public synchronized int held() {
        return held;
    }
}
