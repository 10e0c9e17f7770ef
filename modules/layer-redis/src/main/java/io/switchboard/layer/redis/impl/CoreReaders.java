// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.kernel.LocalMailbox;
import io.switchboard.layer.kernel.LocalMailboxes;
import io.switchboard.layer.redis.RedisLayerOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core layer's reading side. One {@link QueueReader} per process key and shard pops every message for this
 * instance's process-specific channels (whatever local channel it is for) and routes it by its marker to local
 * mailboxes: one loop per process, not one per consumer. A normal channel gets readers on every shard while
 * someone wants its messages. Every key is read on every shard: normal channels are written round-robin, and
 * channels_redis writes direct sends to process channels on the shard of the full name (django/channels#1492).
 * Messages older than the expiry by their score are dropped and counted. Confined to the layer context.
 */
final class CoreReaders {

    private static final Logger LOG = LoggerFactory.getLogger(CoreReaders.class);
    private static final String RESERVED_KEY = ChannelLayer.RESERVED_KEY;

    private final RedisLayerOptions options;
    private final List<RedisShard> shards;
    private final LayerContext ctx;
    private final LocalMailboxes mailboxes;
    private final BiConsumer<Predicate<String>, String> streamBroke;
    private final Map<String, List<QueueReader>> processReaders = new HashMap<>();
    private final Map<String, List<QueueReader>> channelReaders = new HashMap<>();

    /**
     * @param streamBroke told which channels a reader fed when its connection is back after a break
     */
    CoreReaders(
            RedisLayerOptions options,
            List<RedisShard> shards,
            LayerContext ctx,
            LocalMailboxes mailboxes,
            BiConsumer<Predicate<String>, String> streamBroke) {
        this.options = options;
        this.shards = shards;
        this.ctx = ctx;
        this.mailboxes = mailboxes;
        this.streamBroke = streamBroke;
    }

    /** Makes sure the channel's queue key is read: its process key, or the normal channel's key on demand. */
    void startReading(String channel) {
        if (ChannelNames.isProcessSpecific(channel)) {
            String nonLocal = ChannelNames.nonLocalPart(channel);
            processReaders.computeIfAbsent(
                    nonLocal,
                    n -> startReaders(
                            n, () -> true, (bytes, score) -> routeProcess(n, bytes, score), c -> c.startsWith(n)));
        } else {
            LocalMailbox mailbox = mailboxes.open(channel);
            List<QueueReader> readers = channelReaders.computeIfAbsent(
                    channel,
                    c -> startReaders(
                            c, mailbox::wantsMore, (bytes, score) -> routeChannel(c, bytes, score), c::equals));
            readers.forEach(QueueReader::demandChanged);
        }
    }

    /** A normal channel lost its reader: close its connections. Process keys are read until the layer closes. */
    void stopReading(String channel) {
        List<QueueReader> readers = channelReaders.remove(channel);
        if (readers != null) {
            readers.forEach(QueueReader::stop);
        }
    }

    void demandChanged(String channel) {
        List<QueueReader> readers = channelReaders.get(channel);
        if (readers != null) {
            readers.forEach(QueueReader::demandChanged);
        }
    }

    void stopAll() {
        processReaders.values().forEach(readers -> readers.forEach(QueueReader::stop));
        channelReaders.values().forEach(readers -> readers.forEach(QueueReader::stop));
        processReaders.clear();
        channelReaders.clear();
    }

    /** One reader per shard: a key may be written on any shard (round-robin sends, mis-sharded direct sends). */
    private List<QueueReader> startReaders(
            String nonLocal, BooleanSupplier wanted, QueueReader.MemberHandler route, Predicate<String> fed) {
        List<QueueReader> readers = new ArrayList<>();
        for (RedisShard shard : shards) {
            String key = options.getPrefix() + nonLocal;
            QueueReader reader = new QueueReader(
                    shard,
                    ctx,
                    key,
                    wanted,
                    route,
                    () -> streamBroke.accept(fed, "Reader of " + key + " on " + shard.displayUrl));
            readers.add(reader);
            reader.start();
        }
        return readers;
    }

    /** A message from a process key: one copy to each listed local channel. */
    private void routeProcess(String nonLocal, byte[] member, double score) {
        MsgpackCodec.Decoded decoded = decode(member, nonLocal);
        if (decoded == null) {
            return;
        }
        if (isExpired(score)) {
            mailboxes.countExpired(
                    decoded.targets() == null ? 1 : decoded.targets().size());
            return;
        }
        if (decoded.targets() == null) {
            LOG.warn(
                    "Dropped a message on process key '{}{}' without a {} routing marker",
                    options.getPrefix(),
                    nonLocal,
                    RESERVED_KEY);
            return;
        }
        boolean first = true;
        for (String target : decoded.targets()) {
            if (target.startsWith(nonLocal) && target.indexOf('!') == nonLocal.length() - 1) {
                mailboxes.offer(
                        target, first ? decoded.message() : decoded.message().copy(), System.nanoTime(), false);
                first = false;
            }
        }
    }

    private void routeChannel(String channel, byte[] member, double score) {
        if (isExpired(score)) {
            mailboxes.countExpired(1);
            return;
        }
        MsgpackCodec.Decoded decoded = decode(member, channel);
        if (decoded != null) {
            mailboxes.offer(channel, decoded.message(), System.nanoTime(), false);
        }
    }

    /** Older than the expiry by the writer's clock: channels_redis would have trimmed it at the next send. */
    private boolean isExpired(double score) {
        return score < System.currentTimeMillis() / 1000.0 - options.getExpirySeconds();
    }

    private MsgpackCodec.Decoded decode(byte[] member, String keySuffix) {
        try {
            return MsgpackCodec.decode(member, MsgpackCodec.RANDOM_PREFIX_LENGTH);
        } catch (WireFormatException e) {
            LOG.warn(
                    "Dropped a message on key '{}{}' that is not a channels_redis message: {}",
                    options.getPrefix(),
                    keySuffix,
                    e.getMessage());
            return null;
        }
    }
}
