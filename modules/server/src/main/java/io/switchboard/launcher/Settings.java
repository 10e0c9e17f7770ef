// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import io.switchboard.launcher.EnvironmentVariable.Type;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads the configuration: built-in defaults, then one JSON file ({@code conf/switchboard.json}, or the file
 * named by {@code SWITCHBOARD_CONFIG}), then environment variables, so the same image runs on a laptop and in a
 * pod. Each variable overrides one key; the table is {@link #VARIABLES}.
 */
public final class Settings {

    /** The file read when {@code SWITCHBOARD_CONFIG} is not set, relative to the working directory. */
    public static final Path DEFAULT_FILE = Path.of("conf", "switchboard.json");

    /** Every environment variable the server reads, in the order {@code docs/settings.md} lists them. */
    public static final List<EnvironmentVariable> VARIABLES = List.of(
            new EnvironmentVariable("SWITCHBOARD_HOST", "server.host", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_PORT", "server.port", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_INSTANCES", "server.instances", Type.INT),
            new EnvironmentVariable("ASGI_THREADS", "server.threads", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_THREADS", "server.threads", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_ALLOWED_ORIGINS", "server.allowedOrigins", Type.LIST),
            new EnvironmentVariable("SWITCHBOARD_MAX_FRAME_SIZE", "server.maxFrameSize", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_MAX_MESSAGE_SIZE", "server.maxMessageSize", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_PING_INTERVAL", "server.pingInterval", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_IDLE_TIMEOUT", "server.idleTimeout", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_HANDSHAKE_TIMEOUT", "server.handshakeTimeout", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_STRICT_THREAD_MODE", "server.strictThreadMode", Type.BOOLEAN),
            new EnvironmentVariable("SWITCHBOARD_COMPRESSION", "server.compression", Type.BOOLEAN),
            new EnvironmentVariable("SWITCHBOARD_OUTBOUND_BUDGET", "server.outboundBudget", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_RATE_MESSAGES", "server.rateMessages", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_RATE_BURST", "server.rateBurst", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_RATE_BYTES", "server.rateBytes", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_RATE_BYTES_BURST", "server.rateBytesBurst", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_MAX_CONNECTIONS", "server.maxConnections", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CONNECTION_RESERVE", "server.connectionReserve", Type.INT),
            new EnvironmentVariable(
                    "SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS", "server.maxConnectionsPerAddress", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_TRUSTED_PROXIES", "server.trustedProxies", Type.LIST),
            new EnvironmentVariable("SWITCHBOARD_REQUEST_TIMEOUT", "server.requestTimeout", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_HTTP_IDLE_TIMEOUT", "server.httpIdleTimeout", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_TLS_CERT", "server.tlsCert", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_TLS_KEY", "server.tlsKey", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_LAYER", "layer.backend", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_LAYER_CAPACITY", "layer.capacity", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_LAYER_EXPIRY", "layer.expiry", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_LAYER_GROUP_EXPIRY", "layer.groupExpiry", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_DB_URL", "db.url", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_DB_USER", "db.user", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_DB_PASSWORD", "db.password", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_DB_WORKERS", "db.workers", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_DB_MAX_AGE", "db.maxAge", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_DB_QUEUE_SIZE", "db.queueSize", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_DB_UNIT_TIMEOUT", "db.unitTimeout", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_DB_SYNC_CONNECTIONS", "db.syncConnections", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_DB_CLIENT_POOL_SIZE", "db.clientPoolSize", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_DB_CONNECT_TIMEOUT", "db.connectTimeout", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_DB_HEALTH_CHECKS", "db.healthChecks", Type.BOOLEAN),
            new EnvironmentVariable("SWITCHBOARD_DB_ALLOW_ASYNC_UNSAFE", "db.allowAsyncUnsafe", Type.BOOLEAN),
            new EnvironmentVariable("SWITCHBOARD_DB_APPLICATION_NAME", "db.applicationName", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_CHAT_REQUIRE_LOGIN", "chat.requireLogin", Type.BOOLEAN),
            new EnvironmentVariable("SWITCHBOARD_CHAT_HISTORY", "chat.history", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CHAT_STORE", "chat.store", Type.BOOLEAN),
            new EnvironmentVariable("SWITCHBOARD_CHAT_HISTORY_TIMEOUT", "chat.historyTimeout", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CHAT_SESSION_TIMEOUT", "chat.sessionTimeout", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CHAT_SECURE_COOKIE", "chat.secureCookie", Type.BOOLEAN),
            new EnvironmentVariable("SWITCHBOARD_CHAT_LOGIN_FREE_FAILURES", "chat.loginFreeFailures", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CHAT_LOGIN_WINDOW", "chat.loginWindow", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CHAT_LOGIN_MAX_DELAY", "chat.loginMaxDelay", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CHAT_HASHING_QUEUE", "chat.hashingQueue", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CHAT_RETAIN_COUNT", "chat.retainCount", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CHAT_RETAIN_AGE", "chat.retainAge", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_REDIS_URL", "layer.hosts", Type.LIST),
            new EnvironmentVariable("SWITCHBOARD_REDIS_PREFIX", "layer.prefix", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_MEMBERS", "cluster.members", Type.LIST),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_PORT", "cluster.port", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_HOST", "cluster.host", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_PUBLIC_HOST", "cluster.publicHost", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_EVENTBUS_PORT", "cluster.eventBusPort", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_NAME", "cluster.name", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_CONFIG", "cluster.configFile", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_SERVICE_DNS", "cluster.serviceDns", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_JOIN_TIMEOUT", "cluster.joinTimeout", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_MIN_MEMBERS", "cluster.minMembers", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_CLUSTER_MEMBER_TIMEOUT", "cluster.memberTimeout", Type.INT),
            new EnvironmentVariable("SWITCHBOARD_LOG_LEVEL", "log.level", Type.STRING),
            new EnvironmentVariable("SWITCHBOARD_LOG_FORMAT", "log.format", Type.STRING));

    private Settings() {}

    /**
     * Loads the configuration of this process.
     *
     * @return the merged configuration
     * @throws ConfigurationException naming the file, variable or key that is wrong
     */
    public static JsonObject load() {
        return load(System.getenv(), JsonObject.of());
    }

    /**
     * Loads the configuration from a given environment, for tests.
     *
     * @param env the environment variables
     * @param defaults values below the file, for example an application's own defaults
     * @return the merged configuration
     */
    public static JsonObject load(Map<String, String> env, JsonObject defaults) {
        JsonObject config = defaults.copy();
        String named = env.get("SWITCHBOARD_CONFIG");
        Path file = named == null || named.isBlank() ? DEFAULT_FILE : Path.of(named);
        if (named != null && !named.isBlank() && !Files.exists(file)) {
            throw new ConfigurationException(
                    "SWITCHBOARD_CONFIG names " + file.toAbsolutePath() + ", which does not exist", null);
        }
        if (Files.exists(file)) {
            config.mergeIn(readFile(file), true);
        }
        for (EnvironmentVariable variable : VARIABLES) {
            String text = env.get(variable.name());
            if (text != null && !text.isBlank()) {
                put(config, variable.path(), variable.parse(text));
            }
        }
        return config;
    }

    private static JsonObject readFile(Path file) {
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (DecodeException | ClassCastException e) {
            throw new ConfigurationException(file.toAbsolutePath() + " is not a JSON object: " + e.getMessage(), e);
        }
    }

    /**
     * Sets a dotted key, making the sections on the way.
     *
     * @param config the configuration
     * @param path for example {@code server.port}
     * @param value the value
     */
    static void put(JsonObject config, String path, Object value) {
        String[] parts = path.split("\\.");
        JsonObject section = config;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonObject next = section.getJsonObject(parts[i]);
            if (next == null) {
                next = new JsonObject();
                section.put(parts[i], next);
            }
            section = next;
        }
        section.put(parts[parts.length - 1], value);
    }

    /**
     * A section of the configuration, empty if absent.
     *
     * @param config the configuration
     * @param name the section's key
     * @return the section
     * @throws ConfigurationException if the key holds something other than an object
     */
    public static JsonObject section(JsonObject config, String name) {
        Object value = config.getValue(name);
        if (value == null) {
            return new JsonObject();
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new ConfigurationException("Configuration key '" + name + "' must be an object, was " + value, null);
    }
}
