// SPDX-License-Identifier: Apache-2.0
package io.switchboard.launcher;

import static io.switchboard.config.ConfigKey.Type.TEXT;

import io.switchboard.config.ConfigKeys;
import io.switchboard.launcher.impl.RedisSessionRecords;
import io.switchboard.launcher.impl.SessionSecret;
import io.switchboard.layer.redis.RedisLayerOptions;
import io.switchboard.middleware.CookieSessions;
import io.switchboard.middleware.SessionRecords;
import io.switchboard.server.AppContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the session store that follows the deployment, so that a log-in is known on every node and outlives a
 * restart. {@code session.store} picks it:
 *
 * <ul>
 *   <li>{@code auto} (the default): {@code cluster} on the {@code eventbus} layer, {@code redis} on the Redis
 *       layers, {@code database} on the {@code memory} layer when the application keeps a database, else
 *       {@code cookie}
 *   <li>{@code memory}: this process's memory (Vert.x Web's {@link LocalSessionStore}); a restart logs everyone out
 *       and other nodes never see the session
 *   <li>{@code cluster}: a Hazelcast map of the cluster (Vert.x Web's {@link ClusteredSessionStore}); needs the
 *       {@code eventbus} layer, and survives any node's restart but not the whole cluster's
 *   <li>{@code redis}: Redis, at the first of {@code layer.hosts}, under {@code layer.prefix}
 *   <li>{@code database}: the application's database (for the chat, the {@code switchboard_sessions} table)
 *   <li>{@code cookie}: the browser's cookie, signed with {@code session.secret}, or with the secret kept in
 *       {@code session.secretFile} ({@value #DEFAULT_SECRET_FILE}, made on the first start); {@link CookieSessions}
 *       says what a cookie cannot do
 * </ul>
 */
public final class SessionStores {

    /** The {@code session} section's keys. */
    public static final ConfigKeys KEYS = ConfigKeys.section("session")
            .key("store", TEXT, "SWITCHBOARD_SESSION_STORE")
            .key("secret", TEXT, "SWITCHBOARD_SESSION_SECRET")
            .key("secretFile", TEXT, "SWITCHBOARD_SESSION_SECRET_FILE");

    /** The stores {@code session.store} may name. */
    public static final List<String> KINDS = List.of("auto", "memory", "cluster", "redis", "database", "cookie");

    /** Where the cookie store's secret is kept when {@code session.secret} is not set. */
    public static final String DEFAULT_SECRET_FILE = "data/session-secret";

    private static final Logger LOG = LoggerFactory.getLogger(SessionStores.class);

    private SessionStores() {}

    /**
     * Makes the store {@code session.store} names for this deployment.
     *
     * @param app the process's context: its configuration and Vert.x
     * @param database the application's database records, or {@code null} if it keeps no database
     * @return a future of the store (close it on stop); failed with {@link ConfigurationException} when the setting
     *     names an unknown store or one this deployment cannot have, or the cookie store's secret is too short or
     *     cannot be read
     */
    public static Future<SessionStore> create(AppContext app, Supplier<SessionRecords> database) {
        String kind;
        try {
            kind = kind(app.config(), app.vertx().isClustered(), database != null);
        } catch (ConfigurationException e) {
            return Future.failedFuture(e);
        }
        Future<SessionStore> store = switch (kind) {
            // no retries of an unknown id: a log-in answers once its session is stored, and a stale
            // cookie must not hold its request for seconds
            case "cluster" -> Future.succeededFuture(ClusteredSessionStore.create(app.vertx(), 0L));
            case "redis" -> Future.succeededFuture(redis(app));
            case "database" -> Future.succeededFuture(SessionRecords.store(app.vertx(), database.get()));
            case "cookie" -> cookie(app);
            default -> Future.succeededFuture(LocalSessionStore.create(app.vertx()));
        };
        return store.onSuccess(made -> LOG.info("Sessions are kept in {}", where(kind)));
    }

    /**
     * The store a configuration gets.
     *
     * @param config the configuration
     * @param clustered whether this process is a member of a cluster
     * @param database whether the application keeps a database
     * @return one of {@link #KINDS} but {@code auto}
     * @throws ConfigurationException for an unknown store or one this deployment cannot have
     */
    static String kind(JsonObject config, boolean clustered, boolean database) {
        String asked = Settings.section(config, "session")
                .getString("store", "auto")
                .trim()
                .toLowerCase(Locale.ROOT);
        String backend = Settings.section(config, "layer").getString("backend", ChannelLayers.DEFAULT_BACKEND);
        if (!KINDS.contains(asked)) {
            throw new ConfigurationException(
                    "session.store '" + asked + "' is unknown; expected one of: " + String.join(", ", KINDS)
                            + " (set it with SWITCHBOARD_SESSION_STORE)",
                    null);
        }
        if (asked.equals("auto")) {
            if (clustered) {
                return "cluster";
            }
            if (backend.startsWith("redis")) {
                return "redis";
            }
            return database ? "database" : "cookie";
        }
        if (asked.equals("cluster") && !clustered) {
            throw new ConfigurationException(
                    "session.store 'cluster' needs the cluster: set layer.backend to eventbus, or pick another store"
                            + " (SWITCHBOARD_SESSION_STORE)",
                    null);
        }
        if (asked.equals("database") && !database) {
            throw new ConfigurationException(
                    "session.store 'database' needs an application that keeps a database; pick another store"
                            + " (SWITCHBOARD_SESSION_STORE)",
                    null);
        }
        return asked;
    }

    private static SessionStore redis(AppContext app) {
        RedisLayerOptions options = new RedisLayerOptions(Settings.section(app.config(), "layer"));
        String url = options.getHosts().get(0);
        return SessionRecords.store(app.vertx(), RedisSessionRecords.create(app.vertx(), url, options.getPrefix()));
    }

    /** The cookie store, once its secret is read, or made and kept (file work, on a worker thread). */
    private static Future<SessionStore> cookie(AppContext app) {
        JsonObject section = Settings.section(app.config(), "session");
        String secret = section.getString("secret");
        Path file = Path.of(section.getString("secretFile", DEFAULT_SECRET_FILE));
        return app.vertx()
                .executeBlocking(() -> SessionSecret.load(secret, file), false)
                .recover(err -> Future.failedFuture(new ConfigurationException(
                        err instanceof IllegalArgumentException
                                ? err.getMessage()
                                : "The session secret file " + file + " cannot be read or made (" + err
                                        + "); set SWITCHBOARD_SESSION_SECRET or SWITCHBOARD_SESSION_SECRET_FILE",
                        err)))
                .map(key -> CookieSessions.store(app.vertx(), key));
    }

    private static String where(String kind) {
        return switch (kind) {
            case "cluster" -> "the cluster (a Hazelcast map)";
            case "redis" -> "Redis";
            case "database" -> "the database";
            case "cookie" -> "signed cookies";
            default -> "this process's memory: a restart logs everyone out (set session.store to keep them)";
        };
    }
}
