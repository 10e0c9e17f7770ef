// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis;

import static io.switchboard.config.ConfigKey.Type.LIST;
import static io.switchboard.config.ConfigKey.Type.LONG;
import static io.switchboard.config.ConfigKey.Type.TEXT;

import io.switchboard.config.ConfigKeys;
import io.switchboard.layer.ChannelLayerOptions;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of both Redis layers, with channels_redis' defaults. The JSON form (the {@code layer} section of the
 * configuration) uses these keys:
 *
 * <table>
 *   <caption>JSON keys</caption>
 *   <tr><th>key</th><th>default</th><th>channels_redis</th><th>meaning</th></tr>
 *   <tr><td>{@code hosts}</td><td>{@code ["redis://localhost:6379"]}</td><td>{@code hosts}</td>
 *       <td>Redis URLs ({@code redis://[:password@]host:port[/db]}, {@code rediss://...}, {@code unix:///path}) as a JSON
 *       array or one string with comma-separated URLs. Several URLs shard the layer exactly as channels_redis does;
 *       the order fixes the shard indexes and must match the Django settings</td></tr>
 *   <tr><td>{@code prefix}</td><td>{@code "asgi"}</td><td>{@code prefix}</td><td>prepended to every key (core) or
 *       pub/sub channel name; no separator is added. At most 25 characters for {@code redis-pubsub}, whose channel
 *       names start with it</td></tr>
 *   <tr><td>{@code capacity}</td><td>100</td><td>{@code capacity}</td><td>messages a channel (for
 *       process-specific channels: the whole process) may hold</td></tr>
 *   <tr><td>{@code expiry}</td><td>60</td><td>{@code expiry}</td><td>seconds an unread message may wait</td></tr>
 *   <tr><td>{@code groupExpiry}</td><td>86400</td><td>{@code group_expiry}</td><td>seconds a membership lasts
 *       after its latest {@code groupAdd}</td></tr>
 *   <tr><td>{@code channelCapacity}</td><td>{@code {}}</td><td>{@code channel_capacity}</td><td>glob pattern to
 *       capacity, first match on the full channel name wins</td></tr>
 *   <tr><td>{@code connectTimeout}</td><td>2000</td><td>-</td><td>milliseconds to open a connection</td></tr>
 *   <tr><td>{@code commandTimeout}</td><td>5000</td><td>-</td><td>milliseconds to wait for a reply before the
 *       server counts as unavailable</td></tr>
 * </table>
 *
 * <p>The pub/sub flavour ignores {@code capacity} for sends and has no expiry (channels_redis' pub/sub layer has
 * neither); it still bounds what it buffers in memory per channel by the capacity.
 */
@DataObject
@JsonGen(publicConverter = false)
public class RedisLayerOptions extends ChannelLayerOptions {

    /** The Redis layers' own keys of the {@code layer} section (besides {@link ChannelLayerOptions#KEYS}). */
    public static final ConfigKeys KEYS = ConfigKeys.section("layer")
            .key("hosts", LIST, "SWITCHBOARD_REDIS_URL")
            .key("prefix", TEXT, "SWITCHBOARD_REDIS_PREFIX")
            .key("connectTimeout", LONG)
            .property("connectTimeoutMillis")
            .key("commandTimeout", LONG)
            .property("commandTimeoutMillis");

    /** The default host list: one local server. */
    public static final List<String> DEFAULT_HOSTS = List.of("redis://localhost:6379");
    /** channels_redis' default key prefix. */
    public static final String DEFAULT_PREFIX = "asgi";
    /** Default time to open a connection, in milliseconds. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 2000;
    /** Default time to wait for a reply, in milliseconds. */
    public static final long DEFAULT_COMMAND_TIMEOUT_MILLIS = 5000;

    private List<String> hosts = DEFAULT_HOSTS;
    private String prefix = DEFAULT_PREFIX;
    private long connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
    private long commandTimeoutMillis = DEFAULT_COMMAND_TIMEOUT_MILLIS;

    /** Creates options with the defaults. */
    public RedisLayerOptions() {}

    /**
     * Copies options.
     *
     * @param other the options to copy
     */
    public RedisLayerOptions(RedisLayerOptions other) {
        super(other);
        this.hosts = other.hosts;
        this.prefix = other.prefix;
        this.connectTimeoutMillis = other.connectTimeoutMillis;
        this.commandTimeoutMillis = other.commandTimeoutMillis;
    }

    /**
     * Reads options from JSON, with the keys in the class documentation; other keys are ignored.
     *
     * @param json the configuration
     * @throws IllegalArgumentException if a value has the wrong type or is out of range (the message names the key)
     */
    public RedisLayerOptions(JsonObject json) {
        super(json);
        RedisLayerOptionsConverter.fromJson(KEYS.read(json), this);
    }

    @Override
    public JsonObject toJson() {
        JsonObject own = new JsonObject();
        RedisLayerOptionsConverter.toJson(this, own);
        return super.toJson().mergeIn(KEYS.write(own));
    }

    /** @return the Redis URLs, in shard order */
    public List<String> getHosts() {
        return hosts;
    }

    /**
     * Sets the Redis URLs. Several URLs shard the layer as channels_redis does; keep the Django settings' order.
     *
     * @param hosts at least one {@code redis://}, {@code rediss://} or {@code unix://} URL
     * @return a reference to this, so the API can be used fluently
     */
    public RedisLayerOptions setHosts(List<String> hosts) {
        Objects.requireNonNull(hosts, "hosts");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("hosts must list at least one Redis URL, was []");
        }
        for (String url : hosts) {
            checkUrl(url);
        }
        this.hosts = List.copyOf(hosts);
        return this;
    }

    /** @return the key prefix */
    public String getPrefix() {
        return prefix;
    }

    /**
     * Sets the prefix of every key (core) or pub/sub channel name; it must match the Django settings.
     *
     * @param prefix any string, usually {@code asgi}
     * @return a reference to this, so the API can be used fluently
     */
    public RedisLayerOptions setPrefix(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    /** @return the time to open a connection, in milliseconds */
    public long getConnectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /**
     * Sets the time to open a connection.
     *
     * @param connectTimeoutMillis milliseconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public RedisLayerOptions setConnectTimeoutMillis(long connectTimeoutMillis) {
        if (connectTimeoutMillis < 1 || connectTimeoutMillis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout must be 1 to 2^31-1 ms, was " + connectTimeoutMillis);
        }
        this.connectTimeoutMillis = connectTimeoutMillis;
        return this;
    }

    /** @return the time to wait for a reply, in milliseconds */
    public long getCommandTimeoutMillis() {
        return commandTimeoutMillis;
    }

    /**
     * Sets the time to wait for a reply before the server counts as unavailable.
     *
     * @param commandTimeoutMillis milliseconds, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public RedisLayerOptions setCommandTimeoutMillis(long commandTimeoutMillis) {
        if (commandTimeoutMillis < 1) {
            throw new IllegalArgumentException("commandTimeout must be > 0 ms, was " + commandTimeoutMillis);
        }
        this.commandTimeoutMillis = commandTimeoutMillis;
        return this;
    }

    /**
     * Reads a host list as the configuration gives it: a JSON array of URLs or one comma-separated string (the form
     * of {@code SWITCHBOARD_REDIS_URL}).
     *
     * @param value a {@link JsonArray} of strings or a {@link String}
     * @return the URLs, trimmed, empty entries dropped
     * @throws IllegalArgumentException if the value has another type
     */
    public static List<String> parseHosts(Object value) {
        List<String> urls = new ArrayList<>();
        if (value instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    urls.add(part.trim());
                }
            }
        } else if (value instanceof JsonArray array) {
            for (Object item : array) {
                if (!(item instanceof String s)) {
                    throw new IllegalArgumentException("hosts must hold URL strings, found " + item);
                }
                urls.add(s.trim());
            }
        } else {
            throw new IllegalArgumentException(
                    "hosts must be a JSON array of Redis URLs or a comma-separated string, was " + value);
        }
        return urls;
    }

    private static void checkUrl(String url) {
        Objects.requireNonNull(url, "host URL");
        String shown = "'" + url.replaceAll("//[^@/]*@", "//***@") + "'";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("hosts entry " + shown + " is not a URL: use redis://host:port");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !List.of("redis", "rediss", "unix").contains(scheme)) {
            throw new IllegalArgumentException(
                    "hosts entry " + shown + " has no redis://, rediss:// or unix:// scheme; use redis://host:port");
        }
        if (!scheme.equals("unix") && (uri.getHost() == null || uri.getHost().isEmpty())) {
            throw new IllegalArgumentException("hosts entry " + shown + " names no host; use redis://host:port");
        }
    }
}
