// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Who is in a group, cluster-wide: the connections tracked in it, with their users, nodes and metadata; Phoenix's
 * Presence on a channel layer. Channels cannot enumerate a group; this can, for the connections that opted in by
 * {@link #track}. Get it from {@link ChannelLayer#presence()}; consumers use it through their {@code track},
 * {@code untrack} and {@code watchPresence} helpers, which also untrack at disconnect.
 *
 * <p>Events: every {@code track} and {@code untrack} that changes a group's entries sends a message of type
 * {@link #JOIN} or {@link #LEAVE} with {@code group} and {@code entry} ({@link PresenceEntry#toJson()}) to the
 * group's {@linkplain #eventsGroup(String) events group}; a consumer that wants them joins it (the consumer's
 * {@code watchPresence} does). Events never go to the group itself: its members, Django's included, see only their
 * own messages, and a group with a history keeps no presence events in it.
 *
 * <p>A node that dies takes its entries with it within seconds: the event-bus layer hears of the dead Hazelcast
 * member, the Redis layers let the entries' heartbeats lapse ({@code layer.presenceTimeout}). Another node removes
 * them and sends their {@link #LEAVE} events.
 *
 * <p>Bounds: a group lists at most {@code layer.presenceMaxEntries} connections ({@link PresenceFullException}
 * beyond), an entry's metadata is at most {@code layer.presenceMaxMeta} bytes encoded.
 *
 * <p>Threading: every method returns immediately and may be called from any thread; futures complete on the
 * caller's context when there is one. Argument errors throw at once.
 */
public interface Presence {

    /** The type of the message that tells a connection was tracked in a group. */
    String JOIN = "presence.join";

    /** The type of the message that tells a connection left a group's presence. */
    String LEAVE = "presence.leave";

    /** What {@link #eventsGroup} puts before a group's name. */
    String EVENTS_PREFIX = "presence.";

    /** @return this process's id in the layer, the {@link PresenceEntry#node()} of the entries it tracks */
    String node();

    /**
     * Lists a connection of this node as present in a group, or replaces its entry (new user or metadata), and
     * sends {@link #JOIN} to the group's events group. The caller untracks it when the connection ends; the
     * consumer helpers do that on their own.
     *
     * @param group a valid group name ({@link ChannelNames#requireValidGroup})
     * @param connectionId the connection's id, unique on this node
     * @param user the user to list, not blank
     * @param meta what to keep beside it, or {@code null}; copied
     * @return the entry, once listed; failed with {@link PresenceFullException} when the group is full
     * @throws IllegalArgumentException if the group name is invalid, the user blank or the metadata too large
     */
    Future<PresenceEntry> track(String group, String connectionId, String user, JsonObject meta);

    /**
     * Removes a connection of this node from a group's presence and sends {@link #LEAVE} if it was listed. No
     * error if it was not.
     *
     * @param group a valid group name
     * @param connectionId the connection's id
     * @return a future completed once it is gone
     */
    Future<Void> untrack(String group, String connectionId);

    /**
     * The connections present in a group, on every node, oldest first.
     *
     * @param group a valid group name
     * @return the entries; empty for a group with nobody tracked
     */
    Future<List<PresenceEntry>> list(String group);

    /**
     * How many are present in a group.
     *
     * @param group a valid group name
     * @return connections and distinct users
     */
    default Future<PresenceCount> count(String group) {
        return list(group).map(PresenceCount::of);
    }

    /**
     * The group that a group's {@link #JOIN} and {@link #LEAVE} events go to: {@code presence.<group>}, or for a
     * name too long for that, its first characters and a digest of the whole.
     *
     * @param group a valid group name
     * @return the events group's name, a valid group name
     */
    static String eventsGroup(String group) {
        ChannelNames.requireValidGroup(group);
        String name = EVENTS_PREFIX + group;
        if (ChannelNames.isValidGroup(name)) {
            return name;
        }
        // the head keeps it readable in logs, the digest keeps two long names apart
        String digest = PresenceDigest.of(group);
        String head = group.substring(0, ChannelNames.MAX_LENGTH - 2 - EVENTS_PREFIX.length() - digest.length() - 1);
        return EVENTS_PREFIX + head + "." + digest;
    }
}
