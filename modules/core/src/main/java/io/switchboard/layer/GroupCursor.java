// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One reader's place in one group's history: the seam between the messages it recovers and the live ones. A reader
 * joins the group first and reads the history after, so no message falls between the two; live messages that arrive
 * while the history is read wait here, and the ones the history already gave are dropped. Once live, a message whose
 * offset skips ahead or whose epoch differs is a gap: the reader reads the history again from {@link #position()},
 * and whatever it cannot get back is reported, never skipped in silence. Messages without a position (sent to the
 * group before it kept a history, or by a client that does not number) pass through.
 *
 * <p>Not thread-safe: one connection's context drives it.
 */
public final class GroupCursor {

    /** What the reader does next. */
    public enum Next {
        /** Hand on the messages and carry on. */
        CONTINUE,
        /** A gap: hand on the messages, then read the history after {@link #position()} and call a recovery. */
        READ_HISTORY
    }

    /**
     * The outcome of a step.
     *
     * @param deliver the messages to hand on now, in order
     * @param next what to do after
     */
    public record Step(List<JsonObject> deliver, Next next) {}

    /** Live messages held while the history is read; at most about what arrives during one read. */
    private final ArrayDeque<JsonObject> held = new ArrayDeque<>();

    private StreamPosition position;
    private boolean reading;

    /**
     * A cursor that recovers from a position: live messages are held until {@link #recovered} or {@link
     * #notRecovered}.
     *
     * @param since the last position the reader saw
     * @return the cursor, reading the history
     */
    public static GroupCursor recovering(StreamPosition since) {
        GroupCursor cursor = new GroupCursor(Objects.requireNonNull(since, "since"));
        cursor.reading = true;
        return cursor;
    }

    /**
     * A cursor for a reader that joined without a position: live messages are held until {@link #started} tells
     * the group's position as read after the join; every held one arrived after the join, so all are handed on.
     *
     * @return the cursor, reading the history's top
     */
    public static GroupCursor fresh() {
        GroupCursor cursor = new GroupCursor(null);
        cursor.reading = true;
        return cursor;
    }

    /**
     * A cursor that starts at the group's current position, known from the history's top.
     *
     * @param top the group's last position, as a read of the history reported it
     * @return the cursor, live
     */
    public static GroupCursor from(StreamPosition top) {
        return new GroupCursor(Objects.requireNonNull(top, "top"));
    }

    private GroupCursor(StreamPosition position) {
        this.position = position;
    }

    /** @return the position of the last message handed on; {@code null} while a fresh reader awaits its start */
    public StreamPosition position() {
        return position;
    }

    /** @return how many live messages are held for a read of the history */
    public int held() {
        return held.size();
    }

    /** @return whether live messages are held for a read of the history */
    public boolean isReading() {
        return reading;
    }

    /**
     * A live message from the group.
     *
     * @param message the message, with or without a position
     * @return what to hand on and do
     */
    public Step live(JsonObject message) {
        if (reading) {
            held.add(message);
            return new Step(List.of(), Next.CONTINUE);
        }
        List<JsonObject> deliver = new ArrayList<>(1);
        return new Step(deliver, accept(message, deliver) ? Next.CONTINUE : Next.READ_HISTORY);
    }

    /**
     * The group's position, read after a {@linkplain #fresh fresh} reader joined.
     *
     * @param top the group's last position when it was read
     * @return the held live messages: those up to the top arrived after the join, the later ones follow it
     */
    public Step started(StreamPosition top) {
        position = Objects.requireNonNull(top, "top");
        List<JsonObject> deliver = new ArrayList<>(held.size());
        while (!held.isEmpty()) {
            StreamPosition at = StreamPosition.of(held.peek());
            if (at == null || !at.epoch().equals(top.epoch()) || at.offset() > top.offset()) {
                break;
            }
            deliver.add(held.poll());
        }
        return release(deliver);
    }

    /**
     * The layer dropped messages addressed to this reader (a {@linkplain StreamPosition#isLossMarker loss marker}):
     * live messages are held while the history is read from {@link #position()}. Nothing to do if a read is under
     * way already.
     *
     * @return what to do
     */
    public Step lost() {
        if (reading) {
            return new Step(List.of(), Next.CONTINUE);
        }
        reading = true;
        return new Step(List.of(), Next.READ_HISTORY);
    }

    /**
     * The history gave every message after {@link #position()}.
     *
     * @param missed the messages after the position, in order
     * @return the missed messages and the held live ones that follow them
     */
    public Step recovered(List<JsonObject> missed) {
        List<JsonObject> deliver = new ArrayList<>(missed.size() + held.size());
        for (JsonObject message : missed) {
            accept(message, deliver);
        }
        return release(deliver);
    }

    /**
     * The history could not give the messages after {@link #position()}: the reader restarts at the group's current
     * position, and the application has been told to reload.
     *
     * @param top the group's last position, as the read reported it
     * @return the held live messages after that position
     */
    public Step notRecovered(StreamPosition top) {
        position = Objects.requireNonNull(top, "top");
        return release(new ArrayList<>(held.size()));
    }

    private Step release(List<JsonObject> deliver) {
        reading = false;
        while (!held.isEmpty()) {
            if (!accept(held.poll(), deliver)) {
                return new Step(deliver, Next.READ_HISTORY);
            }
        }
        return new Step(deliver, Next.CONTINUE);
    }

    /**
     * Hands on a message that follows the position, drops one already handed on; at a gap, holds the message and
     * starts a read.
     *
     * @return false at a gap
     */
    private boolean accept(JsonObject message, List<JsonObject> deliver) {
        StreamPosition at = StreamPosition.of(message);
        if (at == null) {
            deliver.add(message);
            return true;
        }
        boolean sameEpoch = at.epoch().equals(position.epoch());
        if (sameEpoch && at.offset() <= position.offset()) {
            return true;
        }
        if (sameEpoch && at.offset() == position.offset() + 1) {
            position = at;
            deliver.add(message);
            return true;
        }
        reading = true;
        held.addFirst(message);
        return false;
    }
}
