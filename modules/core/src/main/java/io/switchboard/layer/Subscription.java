// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.vertx.core.Future;

/** A live {@link ChannelLayer#subscribe subscription} to one channel. */
public interface Subscription {

    /**
     * The channel this subscription reads.
     *
     * @return the channel name
     */
    String channel();

    /**
     * Stops delivery and ends the channel's memberships: messages sent to the channel afterwards are not
     * delivered to the old handler, and the channel is removed from every group that this layer instance added it
     * to, so a consumer that goes away leaves nothing behind. Calling it twice is harmless.
     *
     * @return a future completed once the layer no longer routes to this subscriber
     */
    Future<Void> cancel();
}
