// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import io.switchboard.layer.ChannelFullException;
import io.switchboard.layer.ChannelLayerException;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.kernel.LocalMailbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves messages to channels: into a local queue when the channel is read here, else over the event bus to the
 * process that reads it, which acknowledges or refuses (full, not here). A message nobody in the cluster reads
 * is parked here and passed on, in order, once a reader claims the channel.
 */
final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final int FULL = 1;
    private static final int NOT_HERE = 2;

    private final Vertx vertx;
    private final ChannelTable channels;
    private final ChannelLayerOptions options;
    private final Addresses addresses;
    private final String origin;
    private final long timeoutMillis;
    private final DeliveryOptions delivery = new DeliveryOptions().setCodecName(EnvelopeCodec.NAME);
    private final DeliveryOptions acknowledged;

    Router(
            Vertx vertx,
            ChannelTable channels,
            ChannelLayerOptions options,
            Addresses addresses,
            String origin,
            long timeoutMillis) {
        this.vertx = vertx;
        this.channels = channels;
        this.options = options;
        this.addresses = addresses;
        this.origin = origin;
        this.timeoutMillis = timeoutMillis;
        this.acknowledged = new DeliveryOptions(delivery).setSendTimeout(timeoutMillis);
    }

    /** Hands a message to a channel wherever it is read; fails with {@link ChannelFullException} if it is full. */
    Future<Void> deliver(String channel, JsonObject snapshot) {
        if (channels.isLocal(channel) || channels.isParking(channel)) {
            return deliverHere(channel, snapshot);
        }
        Envelope envelope = Envelope.of(Envelope.CHANNEL, channel, origin, snapshot);
        return vertx.eventBus()
                .request(addresses.channel(channel), envelope, acknowledged)
                .transform(ar -> ar.succeeded() ? Future.succeededFuture() : refused(channel, snapshot, ar.cause()));
    }

    /** Delivers to group members; a full member is skipped and counted, never a failure of the group send. */
    Future<Void> deliverToMembers(List<String> members, JsonObject message) {
        List<Future<Void>> pending = null;
        for (String channel : members) {
            Future<Void> delivered = deliver(channel, message).recover(this::skipped);
            if (!delivered.isComplete()) {
                pending = pending == null ? new ArrayList<>() : pending;
                pending.add(delivered);
            }
        }
        return pending == null ? Future.succeededFuture() : Future.all(pending).mapEmpty();
    }

    /** Takes a channel message from another process, and acknowledges it when the sender waits for that. */
    void receive(Message<Envelope> message) {
        String channel = message.body().target();
        boolean acknowledge = message.replyAddress() != null;
        if (!channels.isLocal(channel)) {
            if (acknowledge) {
                message.fail(NOT_HERE, "Channel '" + channel + "' is not read here");
            }
            return;
        }
        if (channels.deliverHere(channel, message.body().message()) == LocalMailbox.Offer.FULL) {
            if (acknowledge) {
                message.fail(FULL, String.valueOf(options.capacityOf(channel)));
            } else {
                channels.mailboxes().countFull(1);
            }
        } else if (acknowledge) {
            message.reply(null);
        }
    }

    /** Passes parked messages on to the channel's reader, one at a time and in order, until one is refused. */
    void forwardParked(LocalMailbox parked) {
        if (parked.startForwarding()) {
            forwardNext(parked);
        }
    }

    /**
     * Publishes to every process registered at the address, without waiting: once handed to the event bus, a
     * publish is as delivered as this layer can tell. (Vert.x 5.0.10's node selector can leave a publish's
     * future pending forever when the address loses its last registration during the lookup, so nothing here may
     * wait for it.)
     */
    void publish(String address, Envelope envelope) {
        vertx.eventBus().publisher(address, delivery).write(envelope).onFailure(err -> {
            if (!(err instanceof ReplyException reply) || reply.failureType() != ReplyFailure.NO_HANDLERS) {
                LOG.warn("Cannot publish to {} over the event bus", address, err);
            }
        });
    }

    private Future<Void> deliverHere(String channel, JsonObject snapshot) {
        return channels.deliverHere(channel, snapshot) == LocalMailbox.Offer.FULL
                ? Future.failedFuture(new ChannelFullException(channel, options.capacityOf(channel)))
                : Future.succeededFuture();
    }

    private Future<Void> refused(String channel, JsonObject snapshot, Throwable cause) {
        if (cause instanceof ReplyException reply) {
            ReplyFailure type = reply.failureType();
            if (type == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() == FULL) {
                return Future.failedFuture(new ChannelFullException(channel, Integer.parseInt(reply.getMessage())));
            }
            if (type == ReplyFailure.NO_HANDLERS
                    || (type == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() == NOT_HERE)) {
                // nobody reads it: a normal channel's message waits here for a reader; a process-specific
                // channel's process is gone, so its message is dropped as if it expired unread
                return ChannelNames.isProcessSpecific(channel)
                        ? Future.succeededFuture()
                        : deliverHere(channel, snapshot);
            }
            if (type == ReplyFailure.TIMEOUT) {
                return Future.failedFuture(new ChannelLayerException(
                        "No process acknowledged the message to channel '" + channel + "' within " + timeoutMillis
                                + " ms; the process reading it may have died",
                        cause));
            }
        }
        return Future.failedFuture(new ChannelLayerException(
                "Cannot send to channel '" + channel + "' over the event bus: " + cause.getMessage(), cause));
    }

    private Future<Void> skipped(Throwable failure) {
        if (failure instanceof ChannelFullException) {
            channels.mailboxes().countFull(1);
        } else {
            LOG.debug("A group member missed a message", failure);
        }
        return Future.succeededFuture();
    }

    private void forwardNext(LocalMailbox parked) {
        LocalMailbox.Parked next = parked.takeParked();
        if (next == null) {
            return;
        }
        Envelope envelope = Envelope.of(Envelope.CHANNEL, parked.name(), origin, next.message());
        vertx.eventBus()
                .request(addresses.channel(parked.name()), envelope, acknowledged)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        forwardNext(parked);
                    } else if (ar.cause() instanceof ReplyException reply
                            && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
                            && reply.failureCode() == FULL) {
                        channels.mailboxes().countFull(1);
                        forwardNext(parked);
                    } else {
                        parked.putBack(next);
                    }
                });
    }
}
