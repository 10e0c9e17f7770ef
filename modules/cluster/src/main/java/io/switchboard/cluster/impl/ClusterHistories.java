// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.HistoryRead;
import io.switchboard.layer.StreamPosition;
import io.switchboard.layer.kernel.GroupHistory;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The event-bus layer's group histories: one Hazelcast map entry per group, a kernel {@link GroupHistory}, changed
 * only by entry processors on the owner of the group's partition. So the offsets are one sequence for the whole
 * cluster, the history has a synchronous backup on another member and outlives the loss of any one node, and the
 * epoch lives in the same entry as the messages: they are lost together or not at all, and a lost history comes
 * back under a new epoch. Entries go on their own once idle ({@link AppendToHistory}).
 */
final class ClusterHistories {

    private final Context context;
    private final HazelcastInstance hazelcast;
    private final IMap<String, GroupHistory> map;
    private final Function<String, HistoryPolicy> policyOf;

    private ClusterHistories(
            Context context,
            HazelcastInstance hazelcast,
            IMap<String, GroupHistory> map,
            Function<String, HistoryPolicy> policyOf) {
        this.context = context;
        this.hazelcast = hazelcast;
        this.map = map;
        this.policyOf = policyOf;
    }

    /**
     * Configures the map (objects kept as objects, one synchronous backup) and opens it; both are cluster calls,
     * made on a worker.
     *
     * @param context where the futures of the histories complete: the layer's
     * @param hazelcast this member
     * @param name the map's name
     * @param policyOf a group's policy, {@code null} for groups that keep no history
     * @return the histories, once the map is ready
     */
    static Future<ClusterHistories> open(
            Context context, HazelcastInstance hazelcast, String name, Function<String, HistoryPolicy> policyOf) {
        return context.executeBlocking(() -> {
            hazelcast
                    .getConfig()
                    .addMapConfig(new MapConfig(name)
                            .setInMemoryFormat(InMemoryFormat.OBJECT)
                            .setBackupCount(1)
                            .setAsyncBackupCount(0));
            IMap<String, GroupHistory> map = hazelcast.getMap(name);
            return new ClusterHistories(context, hazelcast, map, policyOf);
        });
    }

    /** @return whether messages to the group are numbered and kept */
    boolean keepsHistory(String group) {
        return policyOf.apply(group) != null;
    }

    /**
     * Numbers a message and keeps it in the group's history.
     *
     * @param group a group that keeps a history
     * @param key the message's key, or {@code null} for none
     * @param message the message as sent
     * @return its position, on the layer's context; {@code null} if a held message has its key
     */
    Future<StreamPosition> append(String group, String key, JsonObject message) {
        HistoryPolicy policy = Objects.requireNonNull(policyOf.apply(group), "policy");
        AppendToHistory append = new AppendToHistory(
                group, key, message.encode(), policy.size(), ttlMillis(policy), now(), GroupHistory.newEpoch());
        return Future.fromCompletionStage(map.submitToKey(group, append), context)
                .map(at -> at == null ? null : new StreamPosition(at.offset(), at.epoch()));
    }

    /**
     * Reads a group's history after a position.
     *
     * @param group a group that keeps a history
     * @param since the reader's last position, or {@code null} for the group's position only
     * @return what the read found, on the layer's context
     */
    Future<HistoryRead> since(String group, StreamPosition since) {
        HistoryPolicy policy = Objects.requireNonNull(policyOf.apply(group), "policy");
        ReadHistory read = new ReadHistory(since, policy.size(), ttlMillis(policy), now(), GroupHistory.newEpoch());
        return Future.fromCompletionStage(map.submitToKey(group, read), context).map(ReadHistory.Answer::toRead);
    }

    /** Forgets every history, cluster-wide: their groups get new epochs. A cluster call, made on a worker. */
    Future<Void> clear() {
        return context.executeBlocking(() -> {
            map.clear();
            return null;
        });
    }

    /** The cluster's time: a member whose own clock runs ahead must not expire every history it touches. */
    private long now() {
        return hazelcast.getCluster().getClusterTime();
    }

    private static long ttlMillis(HistoryPolicy policy) {
        return TimeUnit.SECONDS.toMillis(policy.ttlSeconds());
    }
}
