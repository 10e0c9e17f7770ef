// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.db.DatabaseOptions;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Builds the connection pools of one database from its options. */
final class Pools {

    private static final long MIN_HIKARI_LIFETIME_MILLIS = 30_000;
    // idle sync connections go back to the server after a minute
    private static final long IDLE_TIMEOUT_MILLIS = 60_000;

    private Pools() {}

    /**
     * The JDBC URL to connect with. PostgreSQL URLs get, unless they set them, the application name and
     * {@code reWriteBatchedInserts}: the driver sends a JDBC batch of inserts as multi-row inserts, one statement
     * per 128 rows instead of one per row, as the chat's message writer batches them.
     */
    static String url(DatabaseOptions options) {
        String url = EmbeddedH2.url(options.getUrl());
        if (!url.startsWith("jdbc:postgresql:")) {
            return url;
        }
        url = withParameter(url, "ApplicationName", options.getApplicationName());
        return withParameter(url, "reWriteBatchedInserts", "true");
    }

    private static String withParameter(String url, String name, String value) {
        if (url.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT) + "=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The user to connect as: H2's {@code sa} when none is set for an H2 URL. */
    static String user(DatabaseOptions options) {
        if (options.getUser() == null && options.getUrl().startsWith("jdbc:h2:")) {
            return "sa";
        }
        return options.getUser();
    }

    /** A HikariCP pool that opens nothing until asked and never holds more than {@code size} connections. */
    static HikariDataSource hikari(DatabaseOptions options, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url(options));
        config.setUsername(user(options));
        config.setPassword(options.getPassword());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setAutoCommit(true);
        config.setConnectionTimeout(options.getConnectTimeoutMillis());
        config.setValidationTimeout(Math.min(5_000, options.getConnectTimeoutMillis()));
        config.setInitializationFailTimeout(-1);
        long maxAge = options.getMaxAgeSeconds();
        // idle pooled connections age out here; connections in use are aged by ConnectionJanitor
        long lifetime = maxAge < 0 ? 0 : Math.max(MIN_HIKARI_LIFETIME_MILLIS, maxAge * 1000);
        config.setMaxLifetime(lifetime);
        config.setIdleTimeout(lifetime == 0 ? IDLE_TIMEOUT_MILLIS : Math.min(IDLE_TIMEOUT_MILLIS, lifetime / 2));
        // idle connections are validated when borrowed and before each unit; no background pings
        config.setKeepaliveTime(0);
        return new HikariDataSource(config);
    }

    /** The Vert.x JDBC client pool. */
    static Pool client(Vertx vertx, DatabaseOptions options, String name) {
        JDBCConnectOptions connect = new JDBCConnectOptions()
                .setJdbcUrl(url(options))
                .setUser(user(options))
                .setPassword(options.getPassword());
        PoolOptions pool =
                new PoolOptions().setMaxSize(options.getClientPoolSize()).setName(name);
        return JDBCPool.pool(vertx, connect, pool);
    }
}
