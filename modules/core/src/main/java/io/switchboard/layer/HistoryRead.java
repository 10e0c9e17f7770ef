// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/** What a read of a group's history after a position found: every missed message, or why not. */
public sealed interface HistoryRead {

    /** @return the position of the group's last message when the history was read */
    StreamPosition top();

    /**
     * Every message after the position asked for, in order; empty when nothing was missed.
     *
     * @param messages the missed messages, each carrying its position
     * @param top the position of the group's last message
     */
    record Recovered(List<JsonObject> messages, StreamPosition top) implements HistoryRead {
        public Recovered {
            messages = List.copyOf(messages);
            Objects.requireNonNull(top, "top");
        }
    }

    /**
     * The messages after the position asked for are not all there: the epoch changed (the history was lost), or
     * the offset fell out of the history or lies past its end. The reader reloads what it shows by other means
     * and carries on from {@link #top()}.
     *
     * @param reason why, in a few words
     * @param top the position of the group's last message
     */
    record NotRecovered(String reason, StreamPosition top) implements HistoryRead {
        public NotRecovered {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(top, "top");
        }
    }
}
