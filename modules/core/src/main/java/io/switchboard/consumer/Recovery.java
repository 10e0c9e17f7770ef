// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer;

import io.switchboard.layer.StreamPosition;
import java.util.Objects;

/**
 * How a join with {@link ConsumerConnection#groupAdd(String, StreamPosition)} went. When {@link #recovered()}, the
 * {@link #missed()} messages the client had not seen follow this answer through the consumer's handlers, in order,
 * then the live ones, with no gap and no duplicate. When not, the history could not give them ({@link #reason()}):
 * the application reloads what its client shows by other means, and the live messages after {@link #position()}
 * follow.
 *
 * @param recovered whether every message after the client's position follows; a first join, with no position,
 *     recovers from the group's position when it began, so that a message sent while it joined is among the
 *     missed ones
 * @param missed how many missed messages follow
 * @param from the position the missed messages follow: the client's, or on a first join the group's when the join
 *     began. A client stands here until the messages move it on; telling it a later position would skip the ones on
 *     their way
 * @param position the group's position when the history was read; when not recovered, live messages follow it
 * @param reason why the messages could not be recovered, or {@code null}
 */
public record Recovery(boolean recovered, int missed, StreamPosition from, StreamPosition position, String reason) {

    public Recovery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(position, "position");
        if (recovered != (reason == null)) {
            throw new IllegalArgumentException("A recovery has a reason exactly when it failed");
        }
    }
}
