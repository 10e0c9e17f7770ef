// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.ChannelLayerOptions;
import io.switchboard.layer.ChannelNames;
import io.switchboard.layer.Presence;
import io.switchboard.layer.PresenceEntry;
import io.switchboard.layer.PresenceFullException;
import io.switchboard.layer.spi.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What every backend's {@link Presence} shares: argument checks and their wording, the entry's making and bounds,
 * the join and leave events, and completion on the caller's context. A backend stores entries ({@link #put},
 * {@link #remove}, {@link #entries}) where every node can read them, and removes a dead node's, announcing them
 * with {@link #announceLeaves}.
 */
public abstract class AbstractPresence implements Presence {

    private final ChannelLayer layer;
    private final String node;
    private final int maxEntries;
    private final int maxMetaBytes;

    /**
     * @param layer the layer whose groups carry the events
     * @param node this process's id in the layer; no '/' in it
     * @param options the layer's options: {@code presenceMaxEntries} and {@code presenceMaxMeta}
     */
    protected AbstractPresence(ChannelLayer layer, String node, ChannelLayerOptions options) {
        this.layer = Objects.requireNonNull(layer, "layer");
        if (node.indexOf('/') >= 0) {
            throw new IllegalArgumentException("A node id holds no '/', was '" + node + "'");
        }
        this.node = node;
        this.maxEntries = options.getPresenceMaxEntries();
        this.maxMetaBytes = options.getPresenceMaxMetaBytes();
    }

    /**
     * Stores an entry, or replaces the entry of the same key, unless the group is full.
     *
     * @param group the group
     * @param entry the entry
     * @param max the most entries the group lists
     * @return whether it is stored
     */
    protected abstract Future<Boolean> put(String group, PresenceEntry entry, int max);

    /**
     * Removes an entry.
     *
     * @param group the group
     * @param key the entry's {@link PresenceEntry#key()}
     * @return the removed entry, or {@code null} if it was not there
     */
    protected abstract Future<PresenceEntry> remove(String group, String key);

    /**
     * @param group the group
     * @return its entries, oldest first
     */
    protected abstract Future<List<PresenceEntry>> entries(String group);

    @Override
    public final String node() {
        return node;
    }

    @Override
    public final Future<PresenceEntry> track(String group, String connectionId, String user, JsonObject meta) {
        ChannelNames.requireValidGroup(group);
        Objects.requireNonNull(connectionId, "connectionId");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("A present user needs a name, was " + (user == null ? "null" : "blank"));
        }
        JsonObject copy = meta == null ? new JsonObject() : meta.copy();
        int size = copy.encode().getBytes(StandardCharsets.UTF_8).length;
        if (size > maxMetaBytes) {
            throw new IllegalArgumentException("Presence metadata of " + size + " bytes in group '" + group
                    + "' is over layer.presenceMaxMeta (" + maxMetaBytes + "); keep ids in it, not documents");
        }
        PresenceEntry entry =
                new PresenceEntry(user, connectionId, node, System.currentTimeMillis(), FrozenJson.freeze(copy));
        Future<PresenceEntry> tracked = put(group, entry, maxEntries)
                .compose(stored -> stored
                        ? announce(JOIN, group, entry).map(entry)
                        : Future.failedFuture(new PresenceFullException(group, maxEntries)));
        return CallerContext.completeOn(Vertx.currentContext(), tracked);
    }

    @Override
    public final Future<Void> untrack(String group, String connectionId) {
        ChannelNames.requireValidGroup(group);
        Objects.requireNonNull(connectionId, "connectionId");
        Future<Void> untracked = remove(group, node + "/" + connectionId)
                .compose(removed -> removed == null ? Future.succeededFuture() : announce(LEAVE, group, removed));
        return CallerContext.completeOn(Vertx.currentContext(), untracked);
    }

    @Override
    public final Future<List<PresenceEntry>> list(String group) {
        ChannelNames.requireValidGroup(group);
        return CallerContext.completeOn(Vertx.currentContext(), entries(group));
    }

    /**
     * Sends the leave events of entries a backend removed on its own, for example those of a dead node.
     *
     * @param group their group
     * @param removed the removed entries
     * @return a future completed once every event is handed to the layer
     */
    protected final Future<Void> announceLeaves(String group, List<PresenceEntry> removed) {
        return announceAll(LEAVE, group, removed);
    }

    /**
     * Sends the join events of entries a backend listed again on its own, for example those of a node that was
     * taken for dead while it paused and came back.
     *
     * @param group their group
     * @param listed the entries listed again
     * @return a future completed once every event is handed to the layer
     */
    protected final Future<Void> announceJoins(String group, List<PresenceEntry> listed) {
        return announceAll(JOIN, group, listed);
    }

    private Future<Void> announceAll(String type, String group, List<PresenceEntry> entries) {
        if (entries.isEmpty()) {
            return Future.succeededFuture();
        }
        return Future.join(entries.stream()
                        .map(entry -> announce(type, group, entry))
                        .toList())
                .mapEmpty();
    }

    /** Sends a join or leave event to the group's events group: never to the group, whose members did not ask. */
    private Future<Void> announce(String type, String group, PresenceEntry entry) {
        return layer.groupSend(Presence.eventsGroup(group), event(type, group, entry));
    }

    /**
     * A join or leave event.
     *
     * @param type {@link Presence#JOIN} or {@link Presence#LEAVE}
     * @param group the group
     * @param entry the entry that joined or left
     * @return {@code {"type", "group", "entry"}}
     */
    public static JsonObject event(String type, String group, PresenceEntry entry) {
        return new JsonObject().put("type", type).put("group", group).put("entry", entry.toJson());
    }
}
