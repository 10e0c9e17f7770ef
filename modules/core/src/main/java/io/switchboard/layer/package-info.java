// SPDX-License-Identifier: Apache-2.0
/**
 * The channel layer: channels (one mailbox per consumer) and groups (named sets of channels).
 *
 * <h2>Operations</h2>
 *
 * {@link io.switchboard.layer.ChannelLayer} has Channels' {@code send}, {@code receive}, {@code newChannel},
 * {@code groupAdd}, {@code groupDiscard}, {@code groupSend} and {@code flush}, all returning futures, plus
 * {@code subscribe}, the push form of {@code receive} that consumers use. {@link io.switchboard.layer.SyncChannelLayer}
 * is the blocking view for worker threads.
 *
 * <h2>Limits</h2>
 *
 * Names are checked by {@link io.switchboard.layer.ChannelNames}. A channel holds {@code capacity} messages
 * (100); a send past that fails with {@link io.switchboard.layer.ChannelFullException}, and a group send skips
 * that member. Unread messages expire after {@code expiry} (60 s), memberships after {@code groupExpiry}
 * (86400 s). Delivery is at most once.
 *
 * <h2>Backends</h2>
 *
 * The in-memory layer is the default ({@link io.switchboard.layer.ChannelLayer#memory}); others plug in through
 * {@link io.switchboard.layer.spi.ChannelLayerProvider} and pass the testkit's contract suite.
 */
@ModuleGen(name = "switchboard-core-layer", groupPackage = "io.switchboard.layer")
package io.switchboard.layer;

import io.vertx.codegen.annotations.ModuleGen;
