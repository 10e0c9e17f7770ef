// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import static io.switchboard.config.ConfigKey.Type.INT;
import static io.switchboard.config.ConfigKey.Type.INT_MAP;
import static io.switchboard.config.ConfigKey.Type.LONG;
import static io.switchboard.config.ConfigKey.Type.OBJECT_MAP;

import io.switchboard.config.ConfigKeys;
import io.switchboard.layer.impl.GlobTable;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options every backend understands, with Channels' defaults: capacity 100 messages per channel, expiry 60 s,
 * group expiry 86400 s, and per-channel capacity overrides by glob pattern (first match wins); and, beyond Channels,
 * which groups keep a history ({@link #putGroupHistory}), none by default.
 */
@DataObject
@JsonGen(publicConverter = false)
public class ChannelLayerOptions {

    /** The keys every backend reads from the {@code layer} section, and their environment variables. */
    public static final ConfigKeys KEYS = ConfigKeys.section("layer")
            .key("capacity", INT, "SWITCHBOARD_LAYER_CAPACITY")
            .key("expiry", LONG, "SWITCHBOARD_LAYER_EXPIRY")
            .property("expirySeconds")
            .key("groupExpiry", LONG, "SWITCHBOARD_LAYER_GROUP_EXPIRY")
            .property("groupExpirySeconds")
            .key("channelCapacity", INT_MAP)
            .key("groupHistory", OBJECT_MAP)
            .key("presenceMaxEntries", INT, "SWITCHBOARD_LAYER_PRESENCE_MAX_ENTRIES")
            .key("presenceMaxMeta", INT, "SWITCHBOARD_LAYER_PRESENCE_MAX_META")
            .property("presenceMaxMetaBytes")
            .key("presenceTimeout", LONG, "SWITCHBOARD_LAYER_PRESENCE_TIMEOUT")
            .property("presenceTimeoutSeconds");

    /** Default capacity of a channel, in messages. */
    public static final int DEFAULT_CAPACITY = 100;
    /** Default time an unread message may wait, in seconds. */
    public static final long DEFAULT_EXPIRY_SECONDS = 60;
    /** Default time a membership lasts after its latest {@code groupAdd}, in seconds. */
    public static final long DEFAULT_GROUP_EXPIRY_SECONDS = 86_400;

    /** Default most connections a group's presence lists. */
    public static final int DEFAULT_PRESENCE_MAX_ENTRIES = 1000;
    /** Default most bytes of a presence entry's metadata, encoded as JSON. */
    public static final int DEFAULT_PRESENCE_MAX_META_BYTES = 512;
    /** Default time after which the presence entries of a node that stopped refreshing them go, in seconds. */
    public static final long DEFAULT_PRESENCE_TIMEOUT_SECONDS = 6;

    private int capacity = DEFAULT_CAPACITY;
    private int presenceMaxEntries = DEFAULT_PRESENCE_MAX_ENTRIES;
    private int presenceMaxMetaBytes = DEFAULT_PRESENCE_MAX_META_BYTES;
    private long presenceTimeoutSeconds = DEFAULT_PRESENCE_TIMEOUT_SECONDS;
    private long expirySeconds = DEFAULT_EXPIRY_SECONDS;
    private long groupExpirySeconds = DEFAULT_GROUP_EXPIRY_SECONDS;
    private GlobTable<Integer> channelCapacity = new GlobTable<>(Map.of());
    private GlobTable<HistoryPolicy> groupHistory = new GlobTable<>(Map.of());

    /** Creates options with the defaults. */
    public ChannelLayerOptions() {}

    /**
     * Copies options.
     *
     * @param other the options to copy
     */
    public ChannelLayerOptions(ChannelLayerOptions other) {
        this.capacity = other.capacity;
        this.expirySeconds = other.expirySeconds;
        this.groupExpirySeconds = other.groupExpirySeconds;
        this.channelCapacity = other.channelCapacity;
        this.groupHistory = other.groupHistory;
        this.presenceMaxEntries = other.presenceMaxEntries;
        this.presenceMaxMetaBytes = other.presenceMaxMetaBytes;
        this.presenceTimeoutSeconds = other.presenceTimeoutSeconds;
    }

    /**
     * Reads options from JSON: {@code capacity}, {@code expiry}, {@code groupExpiry} (seconds) and
     * {@code channelCapacity} (an object of glob pattern to capacity), {@code groupHistory} (an object of glob
     * pattern to {@code {"size": messages, "ttl": seconds}}); absent keys keep their defaults.
     *
     * @param json the configuration
     * @throws IllegalArgumentException naming the key, if a value is of the wrong type or out of range
     */
    public ChannelLayerOptions(JsonObject json) {
        JsonObject properties = KEYS.read(json);
        ChannelLayerOptionsConverter.fromJson(properties, this);
        // A map of records: read here, as the generated converter reads only JSON types and data objects
        JsonObject histories = properties.getJsonObject("groupHistory");
        if (histories != null) {
            histories.forEach(
                    e -> putGroupHistory(e.getKey(), HistoryPolicy.fromJson(e.getKey(), (JsonObject) e.getValue())));
        }
    }

    /**
     * Writes these options as JSON, the inverse of {@link #ChannelLayerOptions(JsonObject)}.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        ChannelLayerOptionsConverter.toJson(this, json);
        JsonObject histories = new JsonObject();
        groupHistory.asMap().forEach((glob, policy) -> histories.put(glob, policy.toJson()));
        json.put("groupHistory", histories);
        return KEYS.write(json);
    }

    /** @return the default capacity of a channel, in messages */
    public int getCapacity() {
        return capacity;
    }

    /**
     * Sets the default capacity of a channel.
     *
     * @param capacity messages, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChannelLayerOptions setCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        this.capacity = capacity;
        return this;
    }

    /** @return how long an unread message may wait, in seconds */
    public long getExpirySeconds() {
        return expirySeconds;
    }

    /**
     * Sets how long an unread message may wait before it may be dropped.
     *
     * @param expirySeconds seconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChannelLayerOptions setExpirySeconds(long expirySeconds) {
        if (expirySeconds < 1) {
            throw new IllegalArgumentException("expiry must be > 0 seconds, was " + expirySeconds);
        }
        this.expirySeconds = expirySeconds;
        return this;
    }

    /** @return how long a membership lasts after its latest {@code groupAdd}, in seconds */
    public long getGroupExpirySeconds() {
        return groupExpirySeconds;
    }

    /**
     * Sets how long a membership lasts after its latest {@code groupAdd}.
     *
     * @param groupExpirySeconds seconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChannelLayerOptions setGroupExpirySeconds(long groupExpirySeconds) {
        if (groupExpirySeconds < 1) {
            throw new IllegalArgumentException("groupExpiry must be > 0 seconds, was " + groupExpirySeconds);
        }
        this.groupExpirySeconds = groupExpirySeconds;
        return this;
    }

    /** @return the per-channel capacity overrides, glob pattern to capacity, in match order */
    public Map<String, Integer> getChannelCapacity() {
        return channelCapacity.asMap();
    }

    /**
     * Replaces the per-channel capacity overrides.
     *
     * @param channelCapacity glob pattern to capacity, in match order
     * @return a reference to this, so the API can be used fluently
     */
    public ChannelLayerOptions setChannelCapacity(Map<String, Integer> channelCapacity) {
        channelCapacity.forEach(ChannelLayerOptions::requireCapacity);
        this.channelCapacity = new GlobTable<>(channelCapacity);
        return this;
    }

    /**
     * Adds a capacity override for channels whose full name matches a glob ({@code *} and {@code ?}).
     *
     * @param glob the pattern, for example {@code http.request*}
     * @param capacity messages, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChannelLayerOptions putChannelCapacity(String glob, int capacity) {
        requireCapacity(glob, capacity);
        Map<String, Integer> changed = new LinkedHashMap<>(channelCapacity.asMap());
        changed.put(glob, capacity);
        channelCapacity = new GlobTable<>(changed);
        return this;
    }

    private static void requireCapacity(String glob, Integer capacity) {
        Objects.requireNonNull(glob, "glob");
        if (capacity < 1) {
            throw new IllegalArgumentException("channelCapacity['" + glob + "'] must be > 0, was " + capacity);
        }
    }

    /**
     * The capacity of one channel: the first matching override, else the default.
     *
     * @param channel the full channel name
     * @return its capacity in messages
     */
    public int capacityOf(String channel) {
        Integer override = channelCapacity.lookup(channel);
        return override == null ? capacity : override;
    }

    /** @return which groups keep a history: glob pattern to policy, in match order */
    @GenIgnore
    public Map<String, HistoryPolicy> getGroupHistory() {
        return groupHistory.asMap();
    }

    /**
     * Makes the groups whose name matches a glob keep a history: each message sent to them gets an offset and an
     * epoch, and a reader that lost its connection recovers what it missed ({@link ChannelLayer#groupHistory}).
     *
     * @param glob the pattern, for example {@code chat_*}
     * @param size the most messages kept per group
     * @param ttlSeconds how long a message is kept
     * @return a reference to this, so the API can be used fluently
     * @throws IllegalArgumentException naming the pattern, if a bound is out of range
     */
    public ChannelLayerOptions putGroupHistory(String glob, int size, long ttlSeconds) {
        HistoryPolicy policy;
        try {
            policy = new HistoryPolicy(size, ttlSeconds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("groupHistory['" + glob + "']: " + e.getMessage(), e);
        }
        return putGroupHistory(glob, policy);
    }

    private ChannelLayerOptions putGroupHistory(String glob, HistoryPolicy policy) {
        Objects.requireNonNull(glob, "glob");
        Map<String, HistoryPolicy> changed = new LinkedHashMap<>(groupHistory.asMap());
        changed.put(glob, policy);
        groupHistory = new GlobTable<>(changed);
        return this;
    }

    /**
     * @param group a group name
     * @return how the group keeps its history, or {@code null} if it keeps none
     */
    public HistoryPolicy historyOf(String group) {
        return groupHistory.lookup(group);
    }

    /** @return the most connections a group's presence lists */
    public int getPresenceMaxEntries() {
        return presenceMaxEntries;
    }

    /**
     * Sets the most connections a group's presence lists ({@link Presence}); a track beyond fails.
     *
     * @param presenceMaxEntries entries, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChannelLayerOptions setPresenceMaxEntries(int presenceMaxEntries) {
        if (presenceMaxEntries < 1) {
            throw new IllegalArgumentException("presenceMaxEntries must be > 0, was " + presenceMaxEntries);
        }
        this.presenceMaxEntries = presenceMaxEntries;
        return this;
    }

    /** @return the most bytes of a presence entry's metadata, encoded as JSON */
    public int getPresenceMaxMetaBytes() {
        return presenceMaxMetaBytes;
    }

    /**
     * Sets the most bytes of a presence entry's metadata, encoded as JSON.
     *
     * @param presenceMaxMetaBytes bytes, at least 2 (an empty object)
     * @return a reference to this, so the API can be used fluently
     */
    public ChannelLayerOptions setPresenceMaxMetaBytes(int presenceMaxMetaBytes) {
        if (presenceMaxMetaBytes < 2) {
            throw new IllegalArgumentException("presenceMaxMeta must be >= 2 bytes, was " + presenceMaxMetaBytes);
        }
        this.presenceMaxMetaBytes = presenceMaxMetaBytes;
        return this;
    }

    /** @return how long the presence entries of a node that stopped refreshing them stay listed, in seconds */
    public long getPresenceTimeoutSeconds() {
        return presenceTimeoutSeconds;
    }

    /**
     * Sets how long the presence entries of a node that stopped refreshing them (it died) stay listed, for backends
     * that keep entries alive by heartbeats (Redis); each node refreshes its entries three times per timeout.
     *
     * @param presenceTimeoutSeconds seconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChannelLayerOptions setPresenceTimeoutSeconds(long presenceTimeoutSeconds) {
        if (presenceTimeoutSeconds < 1) {
            throw new IllegalArgumentException("presenceTimeout must be > 0 seconds, was " + presenceTimeoutSeconds);
        }
        this.presenceTimeoutSeconds = presenceTimeoutSeconds;
        return this;
    }
}
