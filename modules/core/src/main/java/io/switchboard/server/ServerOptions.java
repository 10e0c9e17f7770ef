// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The WebSocket server's settings, read from the {@code server} section of the configuration. Every setter
 * validates and names the key in its error.
 *
 * <table>
 *   <caption>Keys, environment variables and defaults</caption>
 *   <tr><th>key</th><th>environment</th><th>default</th></tr>
 *   <tr><td>host</td><td>SWITCHBOARD_HOST</td><td>0.0.0.0</td></tr>
 *   <tr><td>port</td><td>SWITCHBOARD_PORT</td><td>8000</td></tr>
 *   <tr><td>instances</td><td>SWITCHBOARD_INSTANCES</td><td>number of cores</td></tr>
 *   <tr><td>threads</td><td>SWITCHBOARD_THREADS or ASGI_THREADS</td><td>min(32, cores + 4)</td></tr>
 *   <tr><td>allowedOrigins</td><td>SWITCHBOARD_ALLOWED_ORIGINS</td><td>localhost, 127.0.0.1, [::1]</td></tr>
 *   <tr><td>maxFrameSize</td><td>SWITCHBOARD_MAX_FRAME_SIZE</td><td>65536 bytes</td></tr>
 *   <tr><td>maxMessageSize</td><td>SWITCHBOARD_MAX_MESSAGE_SIZE</td><td>1048576 bytes</td></tr>
 *   <tr><td>pingInterval</td><td>SWITCHBOARD_PING_INTERVAL</td><td>20 s</td></tr>
 *   <tr><td>idleTimeout</td><td>SWITCHBOARD_IDLE_TIMEOUT</td><td>60 s</td></tr>
 *   <tr><td>handshakeTimeout</td><td>SWITCHBOARD_HANDSHAKE_TIMEOUT</td><td>5 s</td></tr>
 *   <tr><td>strictThreadMode</td><td>SWITCHBOARD_STRICT_THREAD_MODE</td><td>true</td></tr>
 * </table>
 */
public class ServerOptions {

    /** Default listening address. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Default port. */
    public static final int DEFAULT_PORT = 8000;
    /** Default origins allowed to open sockets: the local machine, as Django allows in DEBUG. */
    public static final List<String> DEFAULT_ALLOWED_ORIGINS = List.of("localhost", "127.0.0.1", "[::1]");
    /** Default largest frame, in bytes. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 65_536;
    /** Default largest message (frames joined), in bytes: the 1 MB Channels asks layers to carry. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1_048_576;
    /** Default seconds between pings to a quiet client. */
    public static final int DEFAULT_PING_INTERVAL = 20;
    /** Default seconds without any frame from the client before it is closed. */
    public static final int DEFAULT_IDLE_TIMEOUT = 60;
    /** Default seconds a consumer has to accept or close, as Daphne's websocket_connect_timeout. */
    public static final int DEFAULT_HANDSHAKE_TIMEOUT = 5;
    /** By default HTTP responses are written on the request's event loop, which saves a write queue per socket. */
    public static final boolean DEFAULT_STRICT_THREAD_MODE = true;

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int instances = defaultInstances();
    private int threads = defaultThreads();
    private List<String> allowedOrigins = DEFAULT_ALLOWED_ORIGINS;
    private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int pingInterval = DEFAULT_PING_INTERVAL;
    private int idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private boolean strictThreadMode = DEFAULT_STRICT_THREAD_MODE;

    /** Creates options with the defaults. */
    public ServerOptions() {}

    /**
     * Copies options.
     *
     * @param other the options to copy
     */
    public ServerOptions(ServerOptions other) {
        this(other.toJson());
    }

    /**
     * Reads options from the {@code server} section; absent keys keep their defaults.
     *
     * @param json the section
     * @throws IllegalArgumentException naming the key, if a value is invalid
     */
    public ServerOptions(JsonObject json) {
        setHost(json.getString("host", DEFAULT_HOST));
        setPort(intValue(json, "port", port));
        setInstances(intValue(json, "instances", instances));
        setThreads(intValue(json, "threads", threads));
        Object origins = json.getValue("allowedOrigins");
        if (origins instanceof JsonArray array) {
            setAllowedOrigins(array.stream().map(String::valueOf).toList());
        } else if (origins instanceof String text) {
            setAllowedOrigins(Arrays.stream(text.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList());
        }
        setMaxFrameSize(intValue(json, "maxFrameSize", maxFrameSize));
        setMaxMessageSize(intValue(json, "maxMessageSize", maxMessageSize));
        setPingInterval(intValue(json, "pingInterval", pingInterval));
        setIdleTimeout(intValue(json, "idleTimeout", idleTimeout));
        setHandshakeTimeout(intValue(json, "handshakeTimeout", handshakeTimeout));
        setStrictThreadMode(booleanValue(json, "strictThreadMode", strictThreadMode));
    }

    /** @return these options as the JSON {@link #ServerOptions(JsonObject)} reads */
    public JsonObject toJson() {
        return new JsonObject()
                .put("host", host)
                .put("port", port)
                .put("instances", instances)
                .put("threads", threads)
                .put("allowedOrigins", new JsonArray(allowedOrigins))
                .put("maxFrameSize", maxFrameSize)
                .put("maxMessageSize", maxMessageSize)
                .put("pingInterval", pingInterval)
                .put("idleTimeout", idleTimeout)
                .put("handshakeTimeout", handshakeTimeout)
                .put("strictThreadMode", strictThreadMode);
    }

    /** @return cores, the default number of WebSocket verticle instances */
    public static int defaultInstances() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** @return min(32, cores + 4), Python's default thread pool size, which Channels inherits */
    public static int defaultThreads() {
        return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    }

    private static int intValue(JsonObject json, String key, int fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server." + key + " '" + value + "' is not a whole number");
        }
    }

    private static boolean booleanValue(JsonObject json, String key, boolean fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("server." + key + " '" + value + "' is not true or false");
        };
    }

    private static int require(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "server." + key + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** @return the listening address */
    public String getHost() {
        return host;
    }

    /**
     * Sets the listening address.
     *
     * @param host an address or host name
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setHost(String host) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("server.host must not be empty; use 0.0.0.0 to listen everywhere");
        }
        this.host = host.trim();
        return this;
    }

    /** @return the port */
    public int getPort() {
        return port;
    }

    /**
     * Sets the port; 0 picks a free one.
     *
     * @param port 0-65535
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setPort(int port) {
        this.port = require("port", port, 0, 65_535);
        return this;
    }

    /** @return the number of WebSocket verticle instances */
    public int getInstances() {
        return instances;
    }

    /**
     * Sets the number of WebSocket verticle instances, each on its own event loop, sharing the port.
     *
     * @param instances 1-1024
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setInstances(int instances) {
        this.instances = require("instances", instances, 1, 1024);
        return this;
    }

    /** @return the size of the sync consumer worker pool */
    public int getThreads() {
        return threads;
    }

    /**
     * Sets the size of the sync consumer worker pool.
     *
     * @param threads 1-1024
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setThreads(int threads) {
        this.threads = require("threads", threads, 1, 1024);
        return this;
    }

    /** @return the origin patterns allowed to open sockets */
    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    /**
     * Sets the origin patterns allowed to open sockets (see {@code OriginValidator}).
     *
     * @param allowedOrigins patterns; {@code *} allows all
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
        return this;
    }

    /** @return the largest frame, in bytes */
    public int getMaxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Sets the largest frame; a larger one closes the socket with 1009.
     *
     * @param maxFrameSize bytes, 125 to 16 MiB
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = require("maxFrameSize", maxFrameSize, 125, 16 << 20);
        return this;
    }

    /** @return the largest message, in bytes */
    public int getMaxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Sets the largest message (its frames joined); a larger one closes the socket with 1009.
     *
     * @param maxMessageSize bytes, 125 to 64 MiB
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setMaxMessageSize(int maxMessageSize) {
        this.maxMessageSize = require("maxMessageSize", maxMessageSize, 125, 64 << 20);
        return this;
    }

    /** @return seconds between pings to a quiet client */
    public int getPingInterval() {
        return pingInterval;
    }

    /**
     * Sets the seconds between pings to a quiet client.
     *
     * @param pingInterval 1-3600 seconds
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setPingInterval(int pingInterval) {
        this.pingInterval = require("pingInterval", pingInterval, 1, 3600);
        return this;
    }

    /** @return seconds without a frame from the client before it is closed */
    public int getIdleTimeout() {
        return idleTimeout;
    }

    /**
     * Sets the seconds without any frame (pongs count) before the client is closed with 1001.
     *
     * @param idleTimeout 1-86400 seconds
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setIdleTimeout(int idleTimeout) {
        this.idleTimeout = require("idleTimeout", idleTimeout, 1, 86_400);
        return this;
    }

    /** @return seconds a consumer has to accept or close */
    public int getHandshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Sets the seconds a consumer has to accept or close before the handshake is refused with 403.
     *
     * @param handshakeTimeout 1-600 seconds
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setHandshakeTimeout(int handshakeTimeout) {
        this.handshakeTimeout = require("handshakeTimeout", handshakeTimeout, 1, 600);
        return this;
    }

    /** @return whether HTTP responses must be written on the request's event loop */
    public boolean isStrictThreadMode() {
        return strictThreadMode;
    }

    /**
     * Sets whether HTTP responses must be written on the request's event loop (Vert.x's strict thread mode).
     *
     * <p>On, each connection has one write queue less: about 4.7 KB of heap per open WebSocket, a third of an idle
     * one. Switchboard writes its own responses and handshakes on the request's loop; an application's HTTP routes
     * must too, and a response written from another thread fails with "Only the context thread can write a
     * message". Turn it off for routes that write from worker threads, such as Vert.x Web's
     * {@code blockingHandler}.
     *
     * @param strictThreadMode whether to require the request's event loop
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setStrictThreadMode(boolean strictThreadMode) {
        this.strictThreadMode = strictThreadMode;
        return this;
    }
}
