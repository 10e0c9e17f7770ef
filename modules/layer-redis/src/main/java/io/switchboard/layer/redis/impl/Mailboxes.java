// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelLayerOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The mailboxes of this layer instance by full channel name, and the drop counters. Mailboxes are opened and
 * removed on the layer context; the map is concurrent so that {@code stats()} may read its size from anywhere.
 */
final class Mailboxes {

    final LongAdder droppedFull = new LongAdder();
    final LongAdder droppedExpired = new LongAdder();
    private final Map<String, Mailbox> boxes = new ConcurrentHashMap<>();
    private final ChannelLayerOptions options;
    private final LayerContext ctx;
    private final Consumer<Mailbox> demandListener;

    /**
     * @param demandListener told on the layer context when a mailbox may want more or fewer messages; null when
     *     nobody asks (the hop to the layer context would cost a task per drained burst for nothing)
     */
    Mailboxes(ChannelLayerOptions options, LayerContext ctx, Consumer<Mailbox> demandListener) {
        this.options = options;
        this.ctx = ctx;
        this.demandListener = demandListener;
    }

    Mailbox open(String channel) {
        return boxes.computeIfAbsent(channel, name -> new Mailbox(name, options.capacityOf(name), this));
    }

    Mailbox get(String channel) {
        return boxes.get(channel);
    }

    /** Delivers to a channel's mailbox, opening it if needed. */
    void deliver(String channel, JsonObject message) {
        open(channel).offer(message);
    }

    void demandChanged(Mailbox mailbox) {
        if (demandListener != null) {
            ctx.run(() -> demandListener.accept(mailbox));
        }
    }

    /**
     * Drops messages that waited longer than the expiry in mailboxes nobody reads, and removes those left empty.
     *
     * @return the removed mailboxes
     */
    List<Mailbox> sweep(long expiryMillis) {
        long cutoff = System.currentTimeMillis() - expiryMillis;
        List<Mailbox> removed = new ArrayList<>();
        for (Mailbox box : boxes.values()) {
            if (box.isIdle()) {
                droppedExpired.add(box.dropOlderThan(cutoff));
                if (box.isEmpty() && boxes.remove(box.channel, box)) {
                    removed.add(box);
                }
            }
        }
        return removed;
    }

    void clearMessages() {
        boxes.values().forEach(Mailbox::clear);
    }

    void closeAll(String flavour) {
        boxes.values().forEach(box -> box.close(flavour));
        boxes.clear();
    }

    /** Removes a mailbox that nobody reads and that holds nothing. */
    boolean removeIfUnused(Mailbox mailbox) {
        return mailbox.isIdle() && mailbox.isEmpty() && boxes.remove(mailbox.channel, mailbox);
    }

    int size() {
        return boxes.size();
    }

    int subscriptions() {
        int count = 0;
        for (Mailbox box : boxes.values()) {
            if (box.hasSubscriber()) {
                count++;
            }
        }
        return count;
    }
}
