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
 * <p>{@link #live} allocates nothing for a message in order, the path every member of a busy group takes for every
 * message. Not thread-safe: one connection's context drives it.
 */
public final class GroupCursor {

    /** What {@link #live} did with a message. */
    public enum Verdict {
        /** In order, or without a position: hand it on now. */
        DELIVER,
        /** Handed on before, or held for a read under way: nothing to do. */
        TAKEN,
        /**
         * A gap: the message is held; read the history after {@link #position()}, then call {@link #recovered} or
         * {@link #notRecovered}.
         */
        READ_HISTORY
    }

    /** What the reader does after a step. */
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

    /** Live messages held while the history is read; made by the first one held. */
    private ArrayDeque<JsonObject> held;

    private long offset;
    private String epoch;

    private boolean reading;
    /** A loss was reported while a read was under way: read again once it is done. */
    private boolean readAgain;

    private GroupCursor(long offset, String epoch, boolean reading) {
        this.offset = offset;
        this.epoch = epoch;
        this.reading = reading;
    }

    /**
     * A cursor that recovers from a position: live messages are held until {@link #recovered} or {@link
     * #notRecovered}.
     *
     * @param since the last position the reader saw
     * @return the cursor, reading the history
     */
    public static GroupCursor recovering(StreamPosition since) {
        Objects.requireNonNull(since, "since");
        return new GroupCursor(since.offset(), since.epoch(), true);
    }

    /**
     * A cursor that starts at the group's current position, known from the history's top.
     *
     * @param top the group's last position, as a read of the history reported it
     * @return the cursor, live
     */
    public static GroupCursor from(StreamPosition top) {
        Objects.requireNonNull(top, "top");
        return new GroupCursor(top.offset(), top.epoch(), false);
    }

    /** @return the position of the last message handed on */
    public StreamPosition position() {
        return new StreamPosition(offset, epoch);
    }

    /** @return how many live messages are held for a read of the history */
    public int held() {
        return held == null ? 0 : held.size();
    }

    /** @return whether live messages are held for a read of the history */
    public boolean isReading() {
        return reading;
    }

    /**
     * A live message from the group.
     *
     * @param message the message, with or without a position
     * @return what to do with it
     */
    public Verdict live(JsonObject message) {
        if (reading) {
            hold(message);
            return Verdict.TAKEN;
        }
        return place(message);
    }

    /**
     * The layer dropped messages addressed to this reader (a {@linkplain StreamPosition#isLossMarker loss marker}):
     * live messages are held while the history is read from {@link #position()}. If a read is under way, another
     * follows it: messages dropped after that read's snapshot are in the next one.
     *
     * @return what to do
     */
    public Step lost() {
        if (reading) {
            readAgain = true;
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
        List<JsonObject> deliver = new ArrayList<>(missed.size() + held());
        reading = false;
        for (JsonObject message : missed) {
            if (place(message) == Verdict.DELIVER) {
                deliver.add(message);
            } else if (reading) {
                // a gap inside what the history gave: read again from here
                return new Step(deliver, Next.READ_HISTORY);
            }
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
        moveTo(Objects.requireNonNull(top, "top"));
        return release(new ArrayList<>(held()));
    }

    /**
     * Hands on the held messages that follow the position a read confirmed. A held message of another epoch came
     * before the read (it was held during it): the read saw the group's current epoch, so that message belongs to a
     * history that is gone, and is dropped rather than taken for a new gap, which would read again for ever.
     */
    private Step release(List<JsonObject> deliver) {
        reading = false;
        while (held() > 0) {
            JsonObject message = held.poll();
            StreamPosition position = StreamPosition.of(message);
            if (position != null && !epoch.equals(position.epoch())) {
                continue;
            }
            Verdict verdict = place(message);
            if (verdict == Verdict.DELIVER) {
                deliver.add(message);
            } else if (verdict == Verdict.READ_HISTORY) {
                return new Step(deliver, Next.READ_HISTORY);
            }
        }
        if (readAgain) {
            readAgain = false;
            reading = true;
            return new Step(deliver, Next.READ_HISTORY);
        }
        return new Step(deliver, Next.CONTINUE);
    }

    /** Hands on a message that follows the position, drops one handed on before; at a gap, holds it and reads. */
    private Verdict place(JsonObject message) {
        StreamPosition position = StreamPosition.of(message);
        if (position == null) {
            return Verdict.DELIVER;
        }
        long at = position.offset();
        if (position.epoch().equals(epoch)) {
            if (at <= offset) {
                return Verdict.TAKEN;
            }
            if (at == offset + 1) {
                offset = at;
                return Verdict.DELIVER;
            }
        }
        reading = true;
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.addFirst(message);
        return Verdict.READ_HISTORY;
    }

    private void hold(JsonObject message) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.add(message);
    }

    private void moveTo(StreamPosition top) {
        offset = top.offset();
        epoch = top.epoch();
    }
}
