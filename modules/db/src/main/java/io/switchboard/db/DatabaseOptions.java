// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db;

import static io.switchboard.config.ConfigKey.Type.BOOLEAN;
import static io.switchboard.config.ConfigKey.Type.INT;
import static io.switchboard.config.ConfigKey.Type.LONG;
import static io.switchboard.config.ConfigKey.Type.TEXT;

import io.switchboard.config.ConfigKeys;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Settings of a {@link Database}, read from the configuration's {@code db} section; {@link #KEYS} lists the keys
 * with their environment variables:
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>JSON key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code url}</td><td>{@value #DEFAULT_URL}</td>
 *       <td>JDBC URL: {@code jdbc:h2:...} or {@code jdbc:postgresql://host:5432/db}</td></tr>
 *   <tr><td>{@code user}</td><td>none ({@code sa} for H2)</td>
 *       <td>database user</td></tr>
 *   <tr><td>{@code password}</td><td>none</td><td>its password</td></tr>
 *   <tr><td>{@code workers}</td><td>2 &times; cores, at least 2</td>
 *       <td>DB workers, each owning one connection</td></tr>
 *   <tr><td>{@code maxAge}</td><td>{@value #DEFAULT_MAX_AGE_SECONDS}</td>
 *       <td>seconds a connection lives before it is replaced after a unit; 0 = a new connection per unit,
 *       -1 = forever (Django's {@code CONN_MAX_AGE})</td></tr>
 *   <tr><td>{@code queueSize}</td><td>{@value #DEFAULT_QUEUE_SIZE}</td>
 *       <td>units that may wait for a busy worker; past it units fail with
 *       {@link DatabaseOverloadedException}</td></tr>
 *   <tr><td>{@code unitTimeout}</td>
 *       <td>{@value #DEFAULT_UNIT_TIMEOUT_MILLIS}</td>
 *       <td>milliseconds from submission to result, 0 = none; see {@link DatabaseTimeoutException}</td></tr>
 *   <tr><td>{@code syncConnections}</td><td>= workers</td>
 *       <td>thread-bound connections that {@link SyncDatabase} may hold at once (sync consumers)</td></tr>
 *   <tr><td>{@code clientPoolSize}</td>
 *       <td>{@value #DEFAULT_CLIENT_POOL_SIZE}</td><td>connections of the Vert.x JDBC client pool</td></tr>
 *   <tr><td>{@code connectTimeout}</td>
 *       <td>{@value #DEFAULT_CONNECT_TIMEOUT_MILLIS}</td><td>milliseconds to wait for a new connection</td></tr>
 *   <tr><td>{@code healthChecks}</td><td>true</td>
 *       <td>validate a worker's connection before each unit (Django's {@code CONN_HEALTH_CHECKS}), so a
 *       restarted database or a killed backend costs no unit that starts afterwards</td></tr>
 *   <tr><td>{@code allowAsyncUnsafe}</td><td>false</td>
 *       <td>UNSAFE: lets {@link SyncDatabase} block event loops (Django's {@code DJANGO_ALLOW_ASYNC_UNSAFE});
 *       never in production</td></tr>
 *   <tr><td>{@code applicationName}</td>
 *       <td>{@value #DEFAULT_APPLICATION_NAME}</td><td>PostgreSQL {@code application_name} of the
 *       connections, as seen in {@code pg_stat_activity}</td></tr>
 * </table>
 *
 * <p>At most {@code workers + syncConnections} connections are open, plus {@code clientPoolSize} once
 * {@link Database#pool()} has been called.
 */
@DataObject
@JsonGen(publicConverter = false)
public class DatabaseOptions {

    /** The keys of the {@code db} section and their environment variables. */
    public static final ConfigKeys KEYS = ConfigKeys.section("db")
            .key("url", TEXT, "SWITCHBOARD_DB_URL")
            .key("user", TEXT, "SWITCHBOARD_DB_USER")
            .key("password", TEXT, "SWITCHBOARD_DB_PASSWORD")
            .key("workers", INT, "SWITCHBOARD_DB_WORKERS")
            .key("maxAge", LONG, "SWITCHBOARD_DB_MAX_AGE")
            .property("maxAgeSeconds")
            .key("queueSize", INT, "SWITCHBOARD_DB_QUEUE_SIZE")
            .key("unitTimeout", LONG, "SWITCHBOARD_DB_UNIT_TIMEOUT")
            .property("unitTimeoutMillis")
            .key("syncConnections", INT, "SWITCHBOARD_DB_SYNC_CONNECTIONS")
            .key("clientPoolSize", INT, "SWITCHBOARD_DB_CLIENT_POOL_SIZE")
            .key("connectTimeout", LONG, "SWITCHBOARD_DB_CONNECT_TIMEOUT")
            .property("connectTimeoutMillis")
            .key("healthChecks", BOOLEAN, "SWITCHBOARD_DB_HEALTH_CHECKS")
            .key("allowAsyncUnsafe", BOOLEAN, "SWITCHBOARD_DB_ALLOW_ASYNC_UNSAFE")
            .key("applicationName", TEXT, "SWITCHBOARD_DB_APPLICATION_NAME");

    /**
     * Default JDBC URL: an embedded H2 database in a file under {@code ./data/}, kept open until the JVM exits so
     * that replacing the last connection does not close and reopen the files.
     */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/switchboard;DB_CLOSE_DELAY=-1";
    /** Default number of DB workers: twice the cores, at least 2 (HikariCP's sizing rule for one disk). */
    public static final int DEFAULT_WORKERS =
            Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    /** Default connection max age, in seconds. */
    public static final long DEFAULT_MAX_AGE_SECONDS = 300;
    /** Default bound of the queue of waiting units. */
    public static final int DEFAULT_QUEUE_SIZE = 1000;
    /** Default unit timeout, in milliseconds. */
    public static final long DEFAULT_UNIT_TIMEOUT_MILLIS = 30_000;
    /** Default size of the Vert.x JDBC client pool. */
    public static final int DEFAULT_CLIENT_POOL_SIZE = 4;
    /** Default time to wait for a new connection, in milliseconds. */
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Default for validating connections before each unit. */
    public static final boolean DEFAULT_HEALTH_CHECKS = true;
    /** Default for the async-safety opt-out: off. */
    public static final boolean DEFAULT_ALLOW_ASYNC_UNSAFE = false;
    /** Default PostgreSQL application name. */
    public static final String DEFAULT_APPLICATION_NAME = "switchboard";

    private String url = DEFAULT_URL;
    private String user;
    private String password;
    private int workers = DEFAULT_WORKERS;
    private long maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS;
    private int queueSize = DEFAULT_QUEUE_SIZE;
    private long unitTimeoutMillis = DEFAULT_UNIT_TIMEOUT_MILLIS;
    private Integer syncConnections;
    private int clientPoolSize = DEFAULT_CLIENT_POOL_SIZE;
    private long connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
    private boolean healthChecks = DEFAULT_HEALTH_CHECKS;
    private boolean allowAsyncUnsafe = DEFAULT_ALLOW_ASYNC_UNSAFE;
    private String applicationName = DEFAULT_APPLICATION_NAME;

    /** Creates options with the defaults. */
    public DatabaseOptions() {}

    /**
     * Copies options.
     *
     * @param other the options to copy
     */
    public DatabaseOptions(DatabaseOptions other) {
        this(other.toJson());
    }

    /**
     * Reads options from the configuration's {@code db} section; absent keys keep their defaults.
     *
     * @param json the {@code db} section
     * @throws IllegalArgumentException naming the key when a value is malformed or out of range
     */
    public DatabaseOptions(JsonObject json) {
        DatabaseOptionsConverter.fromJson(KEYS.read(json), this);
    }

    /**
     * Writes these options as JSON, the inverse of {@link #DatabaseOptions(JsonObject)}; includes the password.
     *
     * @return a new JSON object
     */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        DatabaseOptionsConverter.toJson(this, json);
        if (syncConnections != null) {
            // only when set: unset, it follows the worker count
            json.put("syncConnections", syncConnections);
        }
        return KEYS.write(json);
    }

    /** @return the JDBC URL */
    public String getUrl() {
        return url;
    }

    /**
     * Sets the JDBC URL.
     *
     * @param url a {@code jdbc:} URL
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setUrl(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException(
                    "db.url must be a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/app, was '" + url + "'");
        }
        this.url = url;
        return this;
    }

    /** @return the database user, or {@code null} for none ({@code sa} on H2) */
    public String getUser() {
        return user;
    }

    /**
     * Sets the database user.
     *
     * @param user the user, or {@code null}
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setUser(String user) {
        this.user = user;
        return this;
    }

    /** @return the password, or {@code null} */
    public String getPassword() {
        return password;
    }

    /**
     * Sets the password.
     *
     * @param password the password, or {@code null}
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setPassword(String password) {
        this.password = password;
        return this;
    }

    /** @return the number of DB workers */
    public int getWorkers() {
        return workers;
    }

    /**
     * Sets the number of DB workers; each owns one connection, so this is also the connection bound.
     *
     * @param workers at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("db.workers must be > 0, was " + workers);
        }
        this.workers = workers;
        return this;
    }

    /** @return the connection max age in seconds; 0 = one connection per unit, -1 = unlimited */
    public long getMaxAgeSeconds() {
        return maxAgeSeconds;
    }

    /**
     * Sets how long a connection may live; it is replaced after the first unit that ends past that age.
     *
     * @param maxAgeSeconds seconds, 0 for a new connection per unit, -1 for unlimited
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setMaxAgeSeconds(long maxAgeSeconds) {
        if (maxAgeSeconds < -1) {
            throw new IllegalArgumentException(
                    "db.maxAge must be >= 0 seconds or -1 (unlimited), was " + maxAgeSeconds);
        }
        this.maxAgeSeconds = maxAgeSeconds;
        return this;
    }

    /** @return how many units may wait for a worker */
    public int getQueueSize() {
        return queueSize;
    }

    /**
     * Sets how many units may wait while every worker is busy.
     *
     * @param queueSize at least 0; 0 refuses every unit that finds no idle worker
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setQueueSize(int queueSize) {
        if (queueSize < 0) {
            throw new IllegalArgumentException("db.queueSize must be >= 0, was " + queueSize);
        }
        this.queueSize = queueSize;
        return this;
    }

    /** @return the default unit timeout in milliseconds, 0 for none */
    public long getUnitTimeoutMillis() {
        return unitTimeoutMillis;
    }

    /**
     * Sets the default time from a unit's submission to its result.
     *
     * @param unitTimeoutMillis milliseconds, 0 for no timeout
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setUnitTimeoutMillis(long unitTimeoutMillis) {
        if (unitTimeoutMillis < 0) {
            throw new IllegalArgumentException("db.unitTimeout must be >= 0 ms (0 = none), was " + unitTimeoutMillis);
        }
        this.unitTimeoutMillis = unitTimeoutMillis;
        return this;
    }

    /** @return how many thread-bound connections sync code may hold at once; defaults to the worker count */
    @GenIgnore
    public int getSyncConnections() {
        return syncConnections != null ? syncConnections : workers;
    }

    /**
     * Sets how many thread-bound connections {@link SyncDatabase} may hold at once; a thread past it waits up
     * to the connect timeout.
     *
     * @param syncConnections at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setSyncConnections(int syncConnections) {
        if (syncConnections < 1) {
            throw new IllegalArgumentException("db.syncConnections must be > 0, was " + syncConnections);
        }
        this.syncConnections = syncConnections;
        return this;
    }

    /** @return the size of the Vert.x JDBC client pool */
    public int getClientPoolSize() {
        return clientPoolSize;
    }

    /**
     * Sets the size of the pool returned by {@link Database#pool()}.
     *
     * @param clientPoolSize at least 1
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setClientPoolSize(int clientPoolSize) {
        if (clientPoolSize < 1) {
            throw new IllegalArgumentException("db.clientPoolSize must be > 0, was " + clientPoolSize);
        }
        this.clientPoolSize = clientPoolSize;
        return this;
    }

    /** @return how long to wait for a new connection, in milliseconds */
    public long getConnectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /**
     * Sets how long to wait for a new connection before the unit fails.
     *
     * @param connectTimeoutMillis milliseconds, at least 250 (HikariCP's minimum)
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setConnectTimeoutMillis(long connectTimeoutMillis) {
        if (connectTimeoutMillis < 250) {
            throw new IllegalArgumentException("db.connectTimeout must be >= 250 ms, was " + connectTimeoutMillis);
        }
        this.connectTimeoutMillis = connectTimeoutMillis;
        return this;
    }

    /** @return whether a worker validates its connection before each unit */
    public boolean isHealthChecks() {
        return healthChecks;
    }

    /**
     * Sets whether a worker validates its connection before each unit (one round trip), replacing a dead one.
     * Off, a connection killed while idle costs the next unit on that worker.
     *
     * @param healthChecks whether to validate
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setHealthChecks(boolean healthChecks) {
        this.healthChecks = healthChecks;
        return this;
    }

    /** @return whether the event-loop guard of {@link SyncDatabase} is off */
    public boolean isAllowAsyncUnsafe() {
        return allowAsyncUnsafe;
    }

    /**
     * UNSAFE: turns off the check that makes {@link SyncDatabase} throw
     * {@link SynchronousOnlyOperationException} on an event-loop thread. Blocking an event loop stalls every
     * connection on it; use only in scripts and tests that own the whole process.
     *
     * @param allowAsyncUnsafe {@code true} to allow blocking calls on event loops
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setAllowAsyncUnsafe(boolean allowAsyncUnsafe) {
        this.allowAsyncUnsafe = allowAsyncUnsafe;
        return this;
    }

    /** @return the PostgreSQL application name of the connections */
    public String getApplicationName() {
        return applicationName;
    }

    /**
     * Sets the PostgreSQL {@code application_name} of the connections (ignored by other databases).
     *
     * @param applicationName the name, at most 63 characters
     * @return a reference to this, so the API can be used fluently
     */
    public DatabaseOptions setApplicationName(String applicationName) {
        Objects.requireNonNull(applicationName, "applicationName");
        if (applicationName.length() > 63) {
            throw new IllegalArgumentException(
                    "db.applicationName must be at most 63 characters, was '" + applicationName + "'");
        }
        this.applicationName = applicationName;
        return this;
    }
}
