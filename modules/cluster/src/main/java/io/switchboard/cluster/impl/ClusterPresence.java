// SPDX-License-Identifier: Apache-2.0
package io.switchboard.cluster.impl;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.kernel.AbstractPresence;
import io.switchboard.layer.kernel.PresenceTable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-bus layer's presence: one Hazelcast map entry per group, a kernel {@link PresenceTable}, changed only
 * by entry processors where it lives and backed up synchronously, so it outlives any one node. A node's id is its
 * Hazelcast member's uuid and its layer instance's id. When a member leaves the cluster (a kill is noticed within
 * the member timeout), every survivor drops its entries ({@link DropPresence}); the one whose run removed an entry
 * sends its leave event.
 */
final class ClusterPresence extends AbstractPresence {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPresence.class);

    private final Context context;
    private final HazelcastInstance hazelcast;
    private final IMap<String, PresenceTable> map;
    private final UUID listener;

    private ClusterPresence(
            ChannelLayer layer,
            String node,
            ChannelLayerOptions options,
            Context context,
            HazelcastInstance hazelcast,
            IMap<String, PresenceTable> map) {
        super(layer, node, options);
        this.context = context;
        this.hazelcast = hazelcast;
        this.map = map;
        this.listener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {}

            @Override
            public void memberRemoved(MembershipEvent event) {
                drop(event.getMember().getUuid().toString());
            }
        });
    }

    /**
     * Configures the map (objects kept as objects, one synchronous backup) and opens it, on a worker.
     *
     * @param layer the layer whose groups carry the events
     * @param instanceId the layer instance's id, unique in its process
     * @param options the layer's options
     * @param context the layer's context, where futures complete
     * @param hazelcast this member
     * @param name the map's name
     * @return the presence, once the map is ready
     */
    static Future<ClusterPresence> open(
            ChannelLayer layer,
            String instanceId,
            ChannelLayerOptions options,
            Context context,
            HazelcastInstance hazelcast,
            String name) {
        return context.executeBlocking(() -> {
            hazelcast
                    .getConfig()
                    .addMapConfig(new MapConfig(name)
                            .setInMemoryFormat(InMemoryFormat.OBJECT)
                            .setBackupCount(1)
                            .setAsyncBackupCount(0));
            String node = hazelcast.getCluster().getLocalMember().getUuid() + "." + instanceId;
            return new ClusterPresence(layer, node, options, context, hazelcast, hazelcast.getMap(name));
        });
    }

    @Override
    protected Future<Boolean> put(String group, PresenceEntry entry, int max) {
        return Future.fromCompletionStage(
                map.submitToKey(
                        group, new PutPresence(entry.key(), entry.toJson().encode(), max)),
                context);
    }

    @Override
    protected Future<PresenceEntry> remove(String group, String key) {
        return Future.fromCompletionStage(map.submitToKey(group, new RemovePresence(key)), context)
                .map(removed -> removed == null ? null : PresenceTable.parse(removed));
    }

    @Override
    protected Future<List<PresenceEntry>> entries(String group) {
        return Future.fromCompletionStage(map.submitToKey(group, new ListPresence()), context)
                .map(texts -> texts.stream().map(PresenceTable::parse).toList());
    }

    /** Forgets every entry, cluster-wide. A cluster call, made on a worker. */
    Future<Void> clear() {
        return context.executeBlocking(() -> {
            map.clear();
            return null;
        });
    }

    /** Stops listening and drops this instance's own entries, with their leave events. */
    Future<Void> close() {
        hazelcast.getCluster().removeMembershipListener(listener);
        return drop(node());
    }

    /** Drops the entries of a member or node that is gone, and announces each. A scan of the map, on a worker. */
    private Future<Void> drop(String gone) {
        return context.<Map<String, List<String>>>executeBlocking(
                        () -> Map.copyOf(map.executeOnEntries(new DropPresence(Set.of(gone)))))
                .compose(removed -> Future.join(removed.entrySet().stream()
                                .map(e -> announceLeaves(
                                        e.getKey(),
                                        e.getValue().stream()
                                                .map(PresenceTable::parse)
                                                .toList()))
                                .toList())
                        .<Void>mapEmpty())
                .onFailure(err -> LOG.warn("Presence of {} not dropped: {}", gone, String.valueOf(err)));
    }
}
