// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import static io.switchboard.config.ConfigKey.Type.INT;
import static io.switchboard.config.ConfigKey.Type.INT_MAP;
import static io.switchboard.config.ConfigKey.Type.LONG;

import io.switchboard.config.ConfigKeys;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Options every backend understands, with Channels' defaults: capacity 100 messages per channel, expiry 60 s,
 * group expiry 86400 s, and per-channel capacity overrides by glob pattern (first match wins).
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
            .key("channelCapacity", INT_MAP);

    /** Default capacity of a channel, in messages. */
    public static final int DEFAULT_CAPACITY = 100;
    /** Default time an unread message may wait, in seconds. */
    public static final long DEFAULT_EXPIRY_SECONDS = 60;
    /** Default time a membership lasts after its latest {@code groupAdd}, in seconds. */
    public static final long DEFAULT_GROUP_EXPIRY_SECONDS = 86_400;

    private int capacity = DEFAULT_CAPACITY;
    private long expirySeconds = DEFAULT_EXPIRY_SECONDS;
    private long groupExpirySeconds = DEFAULT_GROUP_EXPIRY_SECONDS;
    private Map<String, Integer> channelCapacity = new LinkedHashMap<>();
    private transient Map<Predicate<String>, Integer> compiled;

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
        this.channelCapacity = new LinkedHashMap<>(other.channelCapacity);
    }

    /**
     * Reads options from JSON: {@code capacity}, {@code expiry}, {@code groupExpiry} (seconds) and
     * {@code channelCapacity} (an object of glob pattern to capacity); absent keys keep their defaults.
     *
     * @param json the configuration
     * @throws IllegalArgumentException naming the key, if a value is of the wrong type or out of range
     */
    public ChannelLayerOptions(JsonObject json) {
        ChannelLayerOptionsConverter.fromJson(KEYS.read(json), this);
    }

    /**
     * Writes these options as JSON, the inverse of {@link #ChannelLayerOptions(JsonObject)}.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        ChannelLayerOptionsConverter.toJson(this, json);
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
        return Collections.unmodifiableMap(new LinkedHashMap<>(channelCapacity));
    }

    /**
     * Replaces the per-channel capacity overrides.
     *
     * @param channelCapacity glob pattern to capacity, in match order
     * @return a reference to this, so the API can be used fluently
     */
    public ChannelLayerOptions setChannelCapacity(Map<String, Integer> channelCapacity) {
        Map<String, Integer> previous = this.channelCapacity;
        this.channelCapacity = new LinkedHashMap<>();
        try {
            channelCapacity.forEach(this::putChannelCapacity);
        } catch (RuntimeException e) {
            this.channelCapacity = previous;
            throw e;
        }
        compiled = null;
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
        Objects.requireNonNull(glob, "glob");
        if (capacity < 1) {
            throw new IllegalArgumentException("channelCapacity['" + glob + "'] must be > 0, was " + capacity);
        }
        channelCapacity.put(glob, capacity);
        compiled = null;
        return this;
    }

    /**
     * The capacity of one channel: the first matching override, else the default.
     *
     * @param channel the full channel name
     * @return its capacity in messages
     */
    public int capacityOf(String channel) {
        if (channelCapacity.isEmpty()) {
            return capacity;
        }
        Map<Predicate<String>, Integer> patterns = compiled;
        if (patterns == null) {
            patterns = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : channelCapacity.entrySet()) {
                patterns.put(globMatcher(e.getKey()), e.getValue());
            }
            compiled = patterns;
        }
        for (Map.Entry<Predicate<String>, Integer> e : patterns.entrySet()) {
            if (e.getKey().test(channel)) {
                return e.getValue();
            }
        }
        return capacity;
    }

    /** A glob as a test; {@code prefix*}, the usual form, is a plain prefix test (it runs for every new channel). */
    private static Predicate<String> globMatcher(String glob) {
        int star = glob.indexOf('*');
        if (glob.indexOf('?') < 0 && (star < 0 || star == glob.length() - 1)) {
            String literal = star < 0 ? glob : glob.substring(0, star);
            return star < 0 ? literal::equals : name -> name.startsWith(literal);
        }
        Pattern pattern = globToRegex(glob);
        return name -> pattern.matcher(name).matches();
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
