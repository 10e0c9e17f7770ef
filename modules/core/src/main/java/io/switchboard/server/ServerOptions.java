// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import static io.switchboard.config.ConfigKey.Type.BOOLEAN;
import static io.switchboard.config.ConfigKey.Type.INT;
import static io.switchboard.config.ConfigKey.Type.LIST;
import static io.switchboard.config.ConfigKey.Type.TEXT;

import io.switchboard.config.ConfigKeys;
import io.switchboard.server.impl.AddressBlock;
import io.switchboard.server.impl.FileDescriptors;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The WebSocket server's settings, read from the {@code server} section of the configuration. Every setter
 * validates and names the key in its error. {@link #KEYS} lists the keys and the environment variables that set
 * them; the defaults are the {@code DEFAULT_} constants, {@link #defaultInstances()} and {@link #defaultThreads()}.
 */
@DataObject
@JsonGen(publicConverter = false)
public class ServerOptions {

    /** The keys of the {@code server} section and their environment variables. */
    public static final ConfigKeys KEYS = ConfigKeys.section("server")
            .key("host", TEXT, "SWITCHBOARD_HOST")
            .key("port", INT, "SWITCHBOARD_PORT")
            .key("instances", INT, "SWITCHBOARD_INSTANCES")
            // Channels' name for the sync worker pool is the alias
            .key("threads", INT, "SWITCHBOARD_THREADS", "ASGI_THREADS")
            .key("allowedOrigins", LIST, "SWITCHBOARD_ALLOWED_ORIGINS")
            .key("maxFrameSize", INT, "SWITCHBOARD_MAX_FRAME_SIZE")
            .key("maxMessageSize", INT, "SWITCHBOARD_MAX_MESSAGE_SIZE")
            .key("pingInterval", INT, "SWITCHBOARD_PING_INTERVAL")
            .key("idleTimeout", INT, "SWITCHBOARD_IDLE_TIMEOUT")
            .key("handshakeTimeout", INT, "SWITCHBOARD_HANDSHAKE_TIMEOUT")
            .key("strictThreadMode", BOOLEAN, "SWITCHBOARD_STRICT_THREAD_MODE")
            .key("compression", BOOLEAN, "SWITCHBOARD_COMPRESSION")
            .key("outboundBudget", INT, "SWITCHBOARD_OUTBOUND_BUDGET")
            .key("rateMessages", INT, "SWITCHBOARD_RATE_MESSAGES")
            .key("rateBurst", INT, "SWITCHBOARD_RATE_BURST")
            .key("rateBytes", INT, "SWITCHBOARD_RATE_BYTES")
            .key("rateBytesBurst", INT, "SWITCHBOARD_RATE_BYTES_BURST")
            .key("maxConnections", INT, "SWITCHBOARD_MAX_CONNECTIONS")
            .key("connectionReserve", INT, "SWITCHBOARD_CONNECTION_RESERVE")
            .key("maxConnectionsPerAddress", INT, "SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS")
            .key("trustedProxies", LIST, "SWITCHBOARD_TRUSTED_PROXIES")
            .key("requestTimeout", INT, "SWITCHBOARD_REQUEST_TIMEOUT")
            .key("httpIdleTimeout", INT, "SWITCHBOARD_HTTP_IDLE_TIMEOUT")
            .key("drainPeriod", INT, "SWITCHBOARD_DRAIN_PERIOD")
            .key("stopDelay", INT, "SWITCHBOARD_STOP_DELAY")
            .key("stopTimeout", INT, "SWITCHBOARD_STOP_TIMEOUT")
            .key("tlsCert", TEXT, "SWITCHBOARD_TLS_CERT")
            .key("tlsKey", TEXT, "SWITCHBOARD_TLS_KEY");

    /** Default listening address. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Default port. */
    public static final int DEFAULT_PORT = 8000;
    /** Default origins allowed to open sockets: exactly the server's own origin: the scheme, host and port the request came to. */
    public static final List<String> DEFAULT_ALLOWED_ORIGINS = List.of("self");
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
    /** Compression is off by default: inflating is work a client can make the server do. */
    public static final boolean DEFAULT_COMPRESSION = false;
    /** Default outbound budget per socket, in bytes (Centrifugo's default write queue). */
    public static final int DEFAULT_OUTBOUND_BUDGET = 1_048_576;
    /** Default inbound messages per second per socket: a person never reaches it, a script does. */
    public static final int DEFAULT_RATE_MESSAGES = 50;
    /** Default inbound message burst per socket. */
    public static final int DEFAULT_RATE_BURST = 100;
    /** Default inbound bytes per second per socket. */
    public static final int DEFAULT_RATE_BYTES = 262_144;
    /** Default inbound byte burst per socket: two largest messages. */
    public static final int DEFAULT_RATE_BYTES_BURST = 2_097_152;
    /** {@code 0}: below the process's file-descriptor limit, keeping {@link #getConnectionReserve()} free. */
    public static final int DEFAULT_MAX_CONNECTIONS = 0;
    /** Default TCP connections kept for health checks and pages above the WebSocket maximum. */
    public static final int DEFAULT_CONNECTION_RESERVE = 256;
    /** Default most open WebSockets per client address. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 100;
    /** Default seconds from accept to a complete request head. */
    public static final int DEFAULT_REQUEST_TIMEOUT = 10;
    /** Default seconds a plain HTTP connection may stay idle. */
    public static final int DEFAULT_HTTP_IDLE_TIMEOUT = 30;
    /** Default seconds over which a stopping server closes its sockets, in batches. */
    public static final int DEFAULT_DRAIN_PERIOD = 10;
    /** Default seconds a stopping server keeps taking connections while it reports not ready. */
    public static final int DEFAULT_STOP_DELAY = 0;
    /** Default seconds a stop may take in all before the process exits anyway (Kubernetes' default grace). */
    public static final int DEFAULT_STOP_TIMEOUT = 30;

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
    private boolean compression = DEFAULT_COMPRESSION;
    private int outboundBudget = DEFAULT_OUTBOUND_BUDGET;
    private int rateMessages = DEFAULT_RATE_MESSAGES;
    private int rateBurst = DEFAULT_RATE_BURST;
    private int rateBytes = DEFAULT_RATE_BYTES;
    private int rateBytesBurst = DEFAULT_RATE_BYTES_BURST;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int connectionReserve = DEFAULT_CONNECTION_RESERVE;
    private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    private List<String> trustedProxies = List.of();
    private int requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int httpIdleTimeout = DEFAULT_HTTP_IDLE_TIMEOUT;
    private int drainPeriod = DEFAULT_DRAIN_PERIOD;
    private int stopDelay = DEFAULT_STOP_DELAY;
    private int stopTimeout = DEFAULT_STOP_TIMEOUT;
    private String tlsCert;
    private String tlsKey;

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
        JsonObject values = KEYS.read(json);
        ServerOptionsConverter.fromJson(values, this);
        // the two files go together, so they have one setter, which the converter does not call
        setTls(values.getString("tlsCert"), values.getString("tlsKey"));
    }

    /** @return these options as the JSON {@link #ServerOptions(JsonObject)} reads */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        ServerOptionsConverter.toJson(this, json);
        return KEYS.write(json);
    }

    /** @return cores, the default number of WebSocket verticle instances */
    public static int defaultInstances() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** @return min(32, cores + 4), Python's default thread pool size, which Channels inherits */
    public static int defaultThreads() {
        return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
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
     * @param allowedOrigins patterns; {@code self} is the server's own origin, {@code *} allows all
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

    /** @return whether clients may negotiate permessage-deflate; off by default */
    public boolean isCompression() {
        return compression;
    }

    /**
     * Lets clients negotiate permessage-deflate. Inflation is capped at {@link #getMaxMessageSize()} while it runs:
     * a frame that inflates past it closes the socket with 1009 at that moment.
     *
     * @param compression whether to offer compression
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setCompression(boolean compression) {
        this.compression = compression;
        return this;
    }

    /** @return the bytes that may wait to be written to one socket before it is closed with 4000 too_slow */
    public int getOutboundBudget() {
        return outboundBudget;
    }

    /**
     * Sets the outbound budget of each socket: the bytes queued for it, pongs and control frames included. A
     * socket over it is closed with {@code 4000 too_slow}; nothing is dropped silently for a slow client.
     *
     * @param outboundBudget bytes, at least 65536
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setOutboundBudget(int outboundBudget) {
        this.outboundBudget = require("outboundBudget", outboundBudget, 65_536, 1 << 30);
        return this;
    }

    /** @return messages per second one socket may send, control frames included; {@code 0} for no limit */
    public int getRateMessages() {
        return rateMessages;
    }

    /**
     * Sets the inbound message rate of each socket (a token bucket with {@link #getRateBurst()}).
     *
     * @param rateMessages messages per second, {@code 0} for no limit
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setRateMessages(int rateMessages) {
        this.rateMessages = require("rateMessages", rateMessages, 0, 1_000_000);
        return this;
    }

    /** @return messages a socket may send at once above its rate */
    public int getRateBurst() {
        return rateBurst;
    }

    /**
     * Sets the message burst of each socket.
     *
     * @param rateBurst messages, at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setRateBurst(int rateBurst) {
        this.rateBurst = require("rateBurst", rateBurst, 1, 1_000_000);
        return this;
    }

    /** @return bytes per second one socket may send; {@code 0} for no limit */
    public int getRateBytes() {
        return rateBytes;
    }

    /**
     * Sets the inbound byte rate of each socket (a token bucket with {@link #getRateBytesBurst()}).
     *
     * @param rateBytes bytes per second, {@code 0} for no limit
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setRateBytes(int rateBytes) {
        this.rateBytes = require("rateBytes", rateBytes, 0, Integer.MAX_VALUE);
        return this;
    }

    /** @return bytes a socket may send at once above its rate */
    public int getRateBytesBurst() {
        return rateBytesBurst;
    }

    /**
     * Sets the byte burst of each socket; keep it at least {@link #getMaxMessageSize()} so that one largest message
     * passes.
     *
     * @param rateBytesBurst bytes, at least 125
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setRateBytesBurst(int rateBytesBurst) {
        this.rateBytesBurst = require("rateBytesBurst", rateBytesBurst, 125, Integer.MAX_VALUE);
        return this;
    }

    /** @return the configured maximum of open WebSockets, {@code 0} for automatic; see {@link #maxConnections()} */
    public int getMaxConnections() {
        return maxConnections;
    }

    /**
     * Sets the most WebSockets the process keeps open; upgrades past it are answered 503.
     *
     * @param maxConnections connections, or {@code 0} to stay below the file-descriptor limit
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setMaxConnections(int maxConnections) {
        this.maxConnections = require("maxConnections", maxConnections, 0, 10_000_000);
        return this;
    }

    /**
     * The effective maximum of open WebSockets: the configured one, or, when automatic, the process's
     * file-descriptor limit less twice the reserve (one for plain HTTP connections, one for files and peers).
     *
     * @return connections, at least 1
     */
    public int maxConnections() {
        if (maxConnections > 0) {
            return maxConnections;
        }
        long limit = FileDescriptors.limit();
        return (int) Math.max(1, Math.min(10_000_000, limit - 2L * connectionReserve));
    }

    /** @return TCP connections accepted above {@link #maxConnections()}, for health checks and pages */
    public int getConnectionReserve() {
        return connectionReserve;
    }

    /**
     * Sets the reserve: TCP connections past {@code maxConnections() + reserve} are closed at accept.
     *
     * @param connectionReserve connections
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setConnectionReserve(int connectionReserve) {
        this.connectionReserve = require("connectionReserve", connectionReserve, 0, 1_000_000);
        return this;
    }

    /** @return open WebSockets one client address may hold; {@code 0} for no limit */
    public int getMaxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /**
     * Sets the most WebSockets one client address may hold; upgrades past it are answered 429.
     *
     * @param maxConnectionsPerAddress connections, {@code 0} for no limit
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
        this.maxConnectionsPerAddress = require("maxConnectionsPerAddress", maxConnectionsPerAddress, 0, 10_000_000);
        return this;
    }

    /** @return the proxies whose forwarding headers are believed, as addresses or CIDR blocks */
    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    /**
     * Sets the proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed: a request from
     * one of them counts as coming from the address it forwarded for.
     *
     * @param trustedProxies addresses ({@code 10.0.0.7}) or CIDR blocks ({@code 10.0.0.0/8})
     * @return a reference to this, so the API can be used fluently
     * @throws IllegalArgumentException if an entry is not an address or a block
     */
    public ServerOptions setTrustedProxies(List<String> trustedProxies) {
        List<String> copy = List.copyOf(trustedProxies);
        copy.forEach(entry -> AddressBlock.parse("server.trustedProxies", entry));
        this.trustedProxies = copy;
        return this;
    }

    /** @return seconds from TCP accept to a complete request head */
    public int getRequestTimeout() {
        return requestTimeout;
    }

    /**
     * Sets the time a new connection has to send its first request head; past it the connection is closed, so
     * slow senders (slowloris) cannot hold connections.
     *
     * @param requestTimeout seconds
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setRequestTimeout(int requestTimeout) {
        this.requestTimeout = require("requestTimeout", requestTimeout, 1, 3600);
        return this;
    }

    /** @return seconds a plain HTTP connection may stay idle */
    public int getHttpIdleTimeout() {
        return httpIdleTimeout;
    }

    /**
     * Sets the idle timeout of plain HTTP connections; WebSockets follow {@link #getIdleTimeout()} instead.
     *
     * @param httpIdleTimeout seconds
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setHttpIdleTimeout(int httpIdleTimeout) {
        this.httpIdleTimeout = require("httpIdleTimeout", httpIdleTimeout, 1, 86_400);
        return this;
    }

    /** @return seconds over which a stopping server closes its sockets */
    public int getDrainPeriod() {
        return drainPeriod;
    }

    /**
     * Sets how long a stopping server takes to close its sockets: it closes them in batches spread over this
     * period, with 1012 {@code service_restart}, so that its clients reconnect to other servers a few at a time
     * rather than all at once. {@code 0} closes them all at once.
     *
     * @param drainPeriod seconds, 0 to 3600
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setDrainPeriod(int drainPeriod) {
        this.drainPeriod = require("drainPeriod", drainPeriod, 0, 3600);
        return this;
    }

    /** @return seconds a stopping server keeps taking connections while it reports not ready */
    public int getStopDelay() {
        return stopDelay;
    }

    /**
     * Sets how long a stopping server waits, reporting not ready on the management port but still serving, before it
     * refuses new sockets and drains: the time a load balancer takes to see the readiness probe fail and send new
     * clients elsewhere. {@code 0} drains at once.
     *
     * @param stopDelay seconds, 0 to 3600
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setStopDelay(int stopDelay) {
        this.stopDelay = require("stopDelay", stopDelay, 0, 3600);
        return this;
    }

    /** @return seconds a stop may take in all */
    public int getStopTimeout() {
        return stopTimeout;
    }

    /**
     * Sets how long a stop (the delay, the drain, the consumers' disconnect handlers, closing the layer and the
     * database) may take before the process exits anyway, logging what was left. Keep it under the pod's
     * {@code terminationGracePeriodSeconds}.
     *
     * @param stopTimeout seconds, 1 to 3600
     * @return a reference to this, so the API can be used fluently
     */
    public ServerOptions setStopTimeout(int stopTimeout) {
        this.stopTimeout = require("stopTimeout", stopTimeout, 1, 3600);
        return this;
    }

    /** @return the PEM certificate chain file, or {@code null} without TLS */
    public String getTlsCert() {
        return tlsCert;
    }

    /** @return the PEM private key file, or {@code null} without TLS */
    public String getTlsKey() {
        return tlsKey;
    }

    /** @return whether the server speaks TLS (https and wss) */
    @GenIgnore
    public boolean isTls() {
        return tlsCert != null;
    }

    /**
     * Turns TLS on from PEM files, or off with two {@code null}s.
     *
     * @param certPath the certificate chain, PEM
     * @param keyPath its private key, PEM (PKCS#8 or PKCS#1)
     * @return a reference to this, so the API can be used fluently
     * @throws IllegalArgumentException if only one is given
     */
    public ServerOptions setTls(String certPath, String keyPath) {
        String cert = blankToNull(certPath);
        String key = blankToNull(keyPath);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(
                    "server.tlsCert and server.tlsKey go together; set both PEM files, or neither for no TLS");
        }
        this.tlsCert = cert;
        this.tlsKey = key;
        return this;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
