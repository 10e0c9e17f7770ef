// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.impl;

import io.switchboard.consumer.Recovery;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.GroupCursor;
import io.switchboard.layer.GroupCursor.Next;
import io.switchboard.layer.GroupCursor.Step;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.HistoryRead.NotRecovered;
import io.switchboard.layer.HistoryRead.Recovered;
import io.switchboard.layer.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The groups a connection joined with a position: one {@link GroupCursor} each, which lets through every message of
 * the group exactly once and in order, and the history reads that fill a gap. Touched on the connection's context
 * only.
 */
final class GroupStreams {

    /** Where the messages go, and what hears of a gap that cannot be filled. */
    interface Sink {
        /** @param message a group message to dispatch to the consumer, in order */
        void deliver(JsonObject message);

        /**
         * The live stream of a group broke and the history cannot fill it.
         *
         * @param group the group
         * @param notRecovered why, and the group's position from which messages follow again
         */
        void gap(String group, NotRecovered notRecovered);

        /**
         * A history read failed: the layer cannot say what was missed.
         *
         * @param group the group
         * @param cause the failure
         */
        void readFailed(String group, Throwable cause);

        /**
         * More live messages of a group arrived than may be held while its history is read: the connection cannot
         * keep up.
         *
         * @param group the group
         * @param held how many were held
         */
        void overflowed(String group, int held);
    }

    private final Map<String, GroupCursor> cursors = new HashMap<>(2);
    /** Joins under way, by group: one a {@link #left} cancels, so a leave is never overtaken by its join. */
    private final Map<String, Object> joining = new HashMap<>(2);

    private final ChannelLayer layer;
    private final Sink sink;
    private final int maxHeld;

    /**
     * @param layer the connection's layer
     * @param sink where messages go
     * @param maxHeld the most live messages of one group held while its history is read
     */
    GroupStreams(ChannelLayer layer, Sink sink, int maxHeld) {
        this.layer = layer;
        this.sink = sink;
        this.maxHeld = maxHeld;
    }

    /**
     * Joins a group and reads its history after the join, holding live messages meanwhile. A first join, with no
     * position, first reads the group's position and then recovers from it like any other, so that a message sent
     * while it joins is either live or in the history, and a loss during the join is filled like any other.
     *
     * @param group the group
     * @param channel the connection's channel
     * @param since the client's last position, or {@code null} on a first join
     * @param deliverAfter runs the first delivery once the caller has seen the recovery: the missed messages must
     *     follow it
     * @return how the join went
     */
    Future<Recovery> join(String group, String channel, StreamPosition since, Consumer<Runnable> deliverAfter) {
        Object ticket = new Object();
        joining.put(group, ticket);
        Future<StreamPosition> from = since != null
                ? Future.succeededFuture(since)
                : layer.groupHistory(group, null).map(HistoryRead::top);
        return from.compose(position -> {
                    if (joining.get(group) != ticket) {
                        return Future.failedFuture(
                                new IllegalStateException("Group '" + group + "' was left while it was being joined"));
                    }
                    GroupCursor cursor = GroupCursor.recovering(position);
                    cursors.put(group, cursor);
                    return layer.groupAdd(group, channel)
                            .compose(joined -> layer.groupHistory(group, position))
                            .map(read -> {
                                // The cursor holds live messages until the caller has seen the answer
                                deliverAfter.accept(() -> {
                                    if (cursors.get(group) == cursor) {
                                        follow(group, cursor, firstStep(cursor, read));
                                    }
                                });
                                if (read instanceof Recovered recovered) {
                                    return new Recovery(
                                            true, recovered.messages().size(), position, read.top(), null);
                                }
                                return new Recovery(false, 0, position, read.top(), ((NotRecovered) read).reason());
                            })
                            .onFailure(e -> cursors.remove(group, cursor));
                })
                .onComplete(done -> joining.remove(group, ticket));
    }

    private static Step firstStep(GroupCursor cursor, HistoryRead read) {
        return read instanceof Recovered recovered
                ? cursor.recovered(recovered.messages())
                : cursor.notRecovered(read.top());
    }

    /** @param group a group the connection left: its messages are no longer counted */
    void left(String group) {
        joining.remove(group);
        cursors.remove(group);
    }

    /**
     * Takes a message if it belongs to a group joined with a position, or is the layer's loss marker.
     *
     * @param message a message from the layer
     * @return whether the message was taken (delivered, held, dropped as a duplicate, or a marker acted on)
     */
    boolean offer(JsonObject message) {
        if (StreamPosition.isLossMarker(message)) {
            lost();
            return true;
        }
        String group = StreamPosition.groupOf(message);
        GroupCursor cursor = group == null ? null : cursors.get(group);
        if (cursor == null) {
            return false;
        }
        if (cursor.held() >= maxHeld) {
            // The read these messages wait for takes too long; the client recovers after reconnecting
            cursors.remove(group);
            sink.overflowed(group, cursor.held());
            return true;
        }
        switch (cursor.live(message)) {
            case DELIVER -> sink.deliver(message);
            case TAKEN -> {}
            case READ_HISTORY -> read(group, cursor);
        }
        return true;
    }

    /** The layer dropped messages addressed to this connection: every group reads its history from its position. */
    private void lost() {
        cursors.forEach((group, cursor) -> follow(group, cursor, cursor.lost()));
    }

    private void follow(String group, GroupCursor cursor, Step step) {
        step.deliver().forEach(sink::deliver);
        if (step.next() == Next.READ_HISTORY) {
            read(group, cursor);
        }
    }

    private void read(String group, GroupCursor cursor) {
        layer.groupHistory(group, cursor.position()).onComplete(read -> {
            if (cursors.get(group) != cursor) {
                return;
            }
            if (read.failed()) {
                cursors.remove(group, cursor);
                sink.readFailed(group, read.cause());
            } else {
                filled(group, cursor, read.result());
            }
        });
    }

    private void filled(String group, GroupCursor cursor, HistoryRead read) {
        if (read instanceof Recovered recovered) {
            follow(group, cursor, cursor.recovered(recovered.messages()));
        } else {
            NotRecovered notRecovered = (NotRecovered) read;
            Step step = cursor.notRecovered(read.top());
            sink.gap(group, notRecovered);
            follow(group, cursor, step);
        }
    }
}
