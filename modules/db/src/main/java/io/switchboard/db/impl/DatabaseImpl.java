// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.impl;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.switchboard.db.Database;
import io.switchboard.db.DatabaseOptions;
import io.switchboard.db.DatabaseStats;
import io.switchboard.db.SyncDatabase;
import io.switchboard.db.UnitOfWork;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The database: pools, workers, dispatcher, and the root view (unordered, default timeout). */
public final class DatabaseImpl implements Database {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    // DB workers are meant to block; the unit timeout, not the blocked-thread checker, bounds them
    private static final long MAX_WORKER_EXECUTE_MINUTES = 10;

    private final Vertx vertx;
    private final DatabaseOptions options;
    private final String name;
    private final HikariDataSource workerPool;
    private final WorkerConnections workerConnections;
    private final HikariDataSource syncPool;
    private final ConnectionJanitor janitor;
    private final Dispatcher dispatcher;
    private final SyncDatabaseImpl sync;
    private final ExecutorService aborter;
    private final Duration defaultTimeout;
    private volatile String deploymentId;
    private Pool clientPool;
    private Future<Void> closing;

    private DatabaseImpl(Vertx vertx, DatabaseOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.name = "switchboard-db-" + SEQUENCE.incrementAndGet();
        this.janitor = new ConnectionJanitor(options.getMaxAgeSeconds(), options.getUrl());
        this.workerPool = Pools.hikari(options, name + "-workers", options.getWorkers());
        this.workerConnections = new WorkerConnections(workerPool, options.getConnectTimeoutMillis());
        this.syncPool = Pools.hikari(options, name + "-sync", options.getSyncConnections());
        this.dispatcher = new Dispatcher(vertx, options.getQueueSize(), options.getWorkers());
        this.sync = new SyncDatabaseImpl(syncPool, janitor, options.isAllowAsyncUnsafe());
        this.aborter = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, name + "-abort");
            thread.setDaemon(true);
            return thread;
        });
        this.defaultTimeout = Duration.ofMillis(options.getUnitTimeoutMillis());
    }

    /**
     * Opens a database; see {@link Database#open}.
     *
     * @param vertx the Vert.x instance
     * @param options the settings, copied
     * @return a future of the open database
     */
    public static Future<Database> open(Vertx vertx, DatabaseOptions options) {
        Objects.requireNonNull(vertx, "vertx");
        DatabaseOptions copy = new DatabaseOptions(Objects.requireNonNull(options, "options"));
        // loading the JDBC driver and starting the pools may touch the disk: not on an event loop
        return vertx.executeBlocking(() -> {
                    EmbeddedH2.checkFree(copy);
                    return new DatabaseImpl(vertx, copy);
                })
                .compose(db -> db.deployWorkers()
                        .<Database>map(db)
                        .recover(failure -> db.close().transform(x -> Future.failedFuture(failure))));
    }

    private Future<Void> deployWorkers() {
        DeploymentOptions deployment = new DeploymentOptions()
                .setThreadingModel(ThreadingModel.WORKER)
                .setInstances(options.getWorkers())
                .setWorkerPoolName(name)
                .setWorkerPoolSize(options.getWorkers())
                .setMaxWorkerExecuteTime(MAX_WORKER_EXECUTE_MINUTES)
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MINUTES);
        return vertx.deployVerticle(
                        () -> new DbWorker(dispatcher, workerConnections, janitor, options.isHealthChecks(), aborter),
                        deployment)
                .onSuccess(id -> deploymentId = id)
                .mapEmpty();
    }

    <T> Future<T> submit(UnitOfWork<T> work, boolean atomic, Lane lane, Duration timeout) {
        Objects.requireNonNull(work, "work");
        Unit<T> unit = new Unit<>(work, atomic, lane, timeout);
        dispatcher.submit(unit);
        return unit.future();
    }

    @Override
    public <T> Future<T> run(UnitOfWork<T> work) {
        return submit(work, false, null, defaultTimeout);
    }

    @Override
    public <T> Future<T> atomic(UnitOfWork<T> work) {
        return submit(work, true, null, defaultTimeout);
    }

    @Override
    public Database ordered() {
        return new DatabaseView(this, new Lane(), defaultTimeout);
    }

    @Override
    public Database withTimeout(Duration timeout) {
        return new DatabaseView(this, null, DatabaseView.checkTimeout(timeout));
    }

    @Override
    public SyncDatabase sync() {
        return sync;
    }

    @Override
    public synchronized Pool pool() {
        if (closing != null) {
            throw new IllegalStateException("Database " + name + " is closed; open a new one to get a pool");
        }
        if (clientPool == null) {
            clientPool = Pools.client(vertx, options, name + "-client");
        }
        return clientPool;
    }

    @Override
    public Future<Integer> migrate(String... locations) {
        Objects.requireNonNull(locations, "locations");
        if (locations.length == 0) {
            throw new IllegalArgumentException(
                    "migrate needs at least one location, for example classpath:db/migration");
        }
        String[] copy = locations.clone();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ClassLoader classLoader = loader != null ? loader : DatabaseImpl.class.getClassLoader();
        // a migration may take long: no timeout
        return submit(c -> Migrations.migrate(syncPool, classLoader, copy), false, null, Duration.ZERO);
    }

    @Override
    public DatabaseStats stats() {
        int[] counts = dispatcher.counts();
        return new DatabaseStats(
                options.getWorkers(),
                counts[0],
                counts[1],
                open(workerPool),
                open(syncPool),
                dispatcher.completed.sum(),
                dispatcher.failed.sum(),
                dispatcher.rejected.sum(),
                dispatcher.timedOut.sum(),
                janitor.rolledBack.sum(),
                janitor.replaced.sum(),
                dispatcher.started.sum(),
                dispatcher.waitNanos.sum(),
                dispatcher.runNanos.sum());
    }

    private static int open(HikariDataSource pool) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getTotalConnections();
    }

    @Override
    public DatabaseOptions options() {
        return new DatabaseOptions(options);
    }

    @Override
    public synchronized Future<Void> close() {
        if (closing != null) {
            return closing;
        }
        dispatcher.close();
        Future<Void> undeployed = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
        Pool client = clientPool;
        closing = undeployed
                .eventually(() -> client == null ? Future.succeededFuture() : client.close())
                .eventually(() -> vertx.executeBlocking(() -> {
                    sync.closed();
                    workerPool.close();
                    syncPool.close();
                    aborter.shutdownNow();
                    EmbeddedH2.shutDown(options);
                    return null;
                }))
                .mapEmpty();
        return closing;
    }
}
