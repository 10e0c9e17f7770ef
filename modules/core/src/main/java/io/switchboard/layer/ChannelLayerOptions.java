// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.switchboard.layer.impl.GlobTable;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options every backend understands, with Channels' defaults: capacity 100 messages per channel, expiry 60 s,
 * group expiry 86400 s, and per-channel capacity overrides by glob pattern (first match wins); and, beyond Channels,
 * which groups keep a history ({@link #putGroupHistory}), none by default.
 */
public class ChannelLayerOptions {

    /** Default capacity of a channel, in messages. */
    public static final int DEFAULT_CAPACITY = 100;
    /** Default time an unread message may wait, in seconds. */
    public static final long DEFAULT_EXPIRY_SECONDS = 60;
    /** Default time a membership lasts after its latest {@code groupAdd}, in seconds. */
    public static final long DEFAULT_GROUP_EXPIRY_SECONDS = 86_400;

    private int capacity = DEFAULT_CAPACITY;
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
    }

    /**
     * Reads options from JSON: {@code capacity}, {@code expiry}, {@code groupExpiry} (seconds) and
     * {@code channelCapacity} (an object of glob pattern to capacity), {@code groupHistory} (an object of glob
     * pattern to {@code {"size": messages, "ttl": seconds}}).
     *
     * @param json the configuration
     */
    public ChannelLayerOptions(JsonObject json) {
        setCapacity(json.getInteger("capacity", DEFAULT_CAPACITY));
        setExpirySeconds(json.getLong("expiry", DEFAULT_EXPIRY_SECONDS));
        setGroupExpirySeconds(json.getLong("groupExpiry", DEFAULT_GROUP_EXPIRY_SECONDS));
        JsonObject perChannel = json.getJsonObject("channelCapacity", new JsonObject());
        perChannel.forEach(e -> putChannelCapacity(e.getKey(), ((Number) e.getValue()).intValue()));
        JsonObject histories = json.getJsonObject("groupHistory", new JsonObject());
        histories.forEach(e -> {
            JsonObject policy = (JsonObject) e.getValue();
            putGroupHistory(e.getKey(), policy.getInteger("size"), policy.getLong("ttl"));
        });
    }

    /**
     * Writes these options as JSON, the inverse of {@link #ChannelLayerOptions(JsonObject)}.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        JsonObject perChannel = new JsonObject();
        channelCapacity.asMap().forEach(perChannel::put);
        JsonObject histories = new JsonObject();
        groupHistory
                .asMap()
                .forEach((glob, policy) -> histories.put(
                        glob, new JsonObject().put("size", policy.size()).put("ttl", policy.ttlSeconds())));
        return new JsonObject()
                .put("capacity", capacity)
                .put("expiry", expirySeconds)
                .put("groupExpiry", groupExpirySeconds)
                .put("channelCapacity", perChannel)
                .put("groupHistory", histories);
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
     * Adds a capacity override for channels whose full name matches a glob ({@code *} and {@code ?}).
     *
     * @param glob the pattern, for example {@code http.request*}
     * @param capacity messages, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ChannelLayerOptions putChannelCapacity(String glob, int capacity) {
        Objects.requireNonNull(glob, "glob");
        if (capacity < 1) {
            throw new IllegalArgumentException("channelCapacity['" + glob + "'] must be > 0, was " + capacity);
        }
        Map<String, Integer> changed = new LinkedHashMap<>(channelCapacity.asMap());
        changed.put(glob, capacity);
        channelCapacity = new GlobTable<>(changed);
        return this;
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
     */
    public ChannelLayerOptions putGroupHistory(String glob, int size, long ttlSeconds) {
        Objects.requireNonNull(glob, "glob");
        HistoryPolicy policy;
        try {
            policy = new HistoryPolicy(size, ttlSeconds);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("groupHistory['" + glob + "']: " + e.getMessage(), e);
        }
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
}
