// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.db;

import io.switchboard.bench.impl.Cli;
import io.switchboard.bench.impl.LatencyStats;
import io.switchboard.db.Database;
import io.switchboard.db.DatabaseOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Persists chat messages through the DB workers, one message per unit as the chat does, with several worker
 * counts, and counts Vert.x blocked-thread warnings meanwhile (there must be none). The units are submitted from
 * an event loop, which keeps {@code --inflight} of them outstanding.
 *
 * <pre>
 * java -cp modules/bench/target/switchboard-bench.jar io.switchboard.bench.db.PersistBenchmark \
 *   --url jdbc:postgresql://127.0.0.1:5432/test --user postgres --messages 20000 --workers 1,2,4,8
 * </pre>
 *
 * <p>It creates and at the end drops the table {@code switchboard_bench_message}. Exit status 1 when any
 * blocked-thread warning was seen or a message is missing.
 */
@Command(
        name = "java -cp switchboard-bench.jar io.switchboard.bench.db.PersistBenchmark",
        description = "Persists chat messages through the DB workers, one message per unit, for several worker"
                + " counts, and counts Vert.x blocked-thread warnings meanwhile.",
        footer = {
            "",
            "It creates and at the end drops the table switchboard_bench_message. Exit status 1 when any",
            "blocked-thread warning was seen or a message is missing."
        })
public final class PersistBenchmark implements Callable<Integer> {

    private static final String TABLE = "switchboard_bench_message";
    // event loops are checked strictly: 200 ms instead of Vert.x's 2 s
    private static final long MAX_EVENT_LOOP_MILLIS = 200;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "JDBC_URL",
            defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
            description = "The database, e.g. jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1 for embedded H2.")
    String url;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "postgres", description = "Database user.")
    String user;

    @Option(names = "--password", paramLabel = "SECRET", description = "Database password, if it needs one.")
    String password;

    @Option(
            names = "--messages",
            paramLabel = "N",
            defaultValue = "20000",
            description = "Messages per worker count, after a warm-up of up to 1,000.")
    int messages;

    @Option(
            names = "--workers",
            split = ",",
            paramLabel = "N",
            defaultValue = "1,2,4,8",
            description = "DB worker counts to run with.")
    List<Integer> workerCounts;

    @Option(
            names = "--inflight",
            paramLabel = "N",
            defaultValue = "64",
            description = "Units kept outstanding by the event loop (and the workers' queue size).")
    int inflight;

    @Option(
            names = "--health-checks",
            arity = "1",
            paramLabel = "BOOLEAN",
            defaultValue = "true",
            showDefaultValue = Visibility.ALWAYS,
            description = "Whether the pools check their connections' health.")
    boolean healthChecks;

    private final BlockedThreadCounter blocked;

    private PersistBenchmark(BlockedThreadCounter blocked) {
        this.blocked = blocked;
    }

    /**
     * Runs the benchmark and exits.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        // before any Vert.x class loads
        BlockedThreadCounter blocked = BlockedThreadCounter.install();
        System.exit(Cli.execute(new PersistBenchmark(blocked), args));
    }

    /**
     * Runs the benchmark for each worker count.
     *
     * @return 0, or 1 when a blocked-thread warning was seen or a message is missing
     * @throws Exception when the database cannot be used
     */
    @Override
    public Integer call() throws Exception {
        Cli.atLeast(spec, "--messages", messages, 1);
        Cli.atLeast(spec, "--inflight", inflight, 1);
        workerCounts.forEach(workers -> Cli.atLeast(spec, "--workers", workers, 1));
        DatabaseOptions base = new DatabaseOptions()
                .setUrl(url)
                .setUser(user)
                .setPassword(password)
                .setApplicationName("switchboard-bench")
                .setHealthChecks(healthChecks);
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MILLIS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(50)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
        boolean ok = true;
        try {
            System.out.printf(
                    "checker self-test: %d warning(s) for a 600 ms event-loop block (expected >= 1)%n",
                    selfTest(vertx, blocked));
            System.out.printf(
                    "%s, %d messages per run, %d in flight, %d cores%n",
                    base.getUrl(), messages, inflight, Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    "%8s %10s %12s %10s %10s %16s%n",
                    "workers", "seconds", "messages/s", "p50 ms", "p99 ms", "blocked warnings");
            for (int workers : workerCounts) {
                ok &= runOne(
                        vertx, new DatabaseOptions(base).setWorkers(workers).setQueueSize(inflight));
            }
        } finally {
            get(vertx.close());
        }
        return ok ? 0 : 1;
    }

    /** Runs one worker count, prints its line, and tells whether it had no warning and stored every message. */
    private boolean runOne(Vertx vertx, DatabaseOptions options) throws Exception {
        Database db = get(Database.open(vertx, options));
        try {
            prepare(db);
            get(pump(vertx, db, Math.min(1000, messages), inflight)); // warm-up
            blocked.reset();
            LatencyStats latencies = new LatencyStats();
            long start = System.nanoTime();
            get(pump(vertx, db, messages, inflight, latencies));
            double seconds = (System.nanoTime() - start) / 1e9;
            int warnings = blocked.count();
            long stored = get(db.run(c -> count(c)));
            System.out.printf(
                    "%8d %10.2f %12.0f %10.2f %10.2f %16d%n",
                    options.getWorkers(),
                    seconds,
                    messages / seconds,
                    latencies.percentileMillis(50),
                    latencies.percentileMillis(99),
                    warnings);
            long expected = messages + Math.min(1000, messages);
            if (warnings > 0 || stored != expected) {
                System.out.printf("FAILED: %d warnings, %d of %d messages stored%n", warnings, stored, expected);
                return false;
            }
            return true;
        } finally {
            get(db.run(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + TABLE);
                }
                return null;
            }));
            get(db.close());
        }
    }

    private static int selfTest(Vertx vertx, BlockedThreadCounter blocked) throws Exception {
        Promise<Void> done = Promise.promise();
        vertx.runOnContext(v -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            done.complete();
        });
        get(done.future());
        get(vertx.timer(100, TimeUnit.MILLISECONDS));
        return blocked.reset();
    }

    private static void prepare(Database db) throws Exception {
        get(db.run(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + TABLE);
                s.execute("CREATE TABLE " + TABLE + " (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                        + " room VARCHAR(100) NOT NULL, author VARCHAR(150), body VARCHAR(4000) NOT NULL,"
                        + " created_at TIMESTAMP NOT NULL)");
            }
            return null;
        }));
    }

    private static Future<Void> pump(Vertx vertx, Database db, int total, int inflight) {
        return pump(vertx, db, total, inflight, new LatencyStats());
    }

    /** From an event loop, keeps {@code inflight} single-message units outstanding until {@code total} are done. */
    private static Future<Void> pump(Vertx vertx, Database db, int total, int inflight, LatencyStats latencies) {
        Promise<Void> done = Promise.promise();
        Context loop = vertx.getOrCreateContext();
        AtomicInteger submitted = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            int n = submitted.getAndIncrement();
            if (n >= total) {
                return;
            }
            long sent = System.nanoTime();
            db.run(c -> insert(c, n)).onComplete(ar -> {
                // on the loop's context, where db.run completes
                latencies.recordNanos(System.nanoTime() - sent);
                if (ar.failed()) {
                    done.tryFail(ar.cause());
                } else if (finished.incrementAndGet() == total) {
                    done.tryComplete();
                } else {
                    next[0].run();
                }
            });
        };
        loop.runOnContext(v -> {
            for (int i = 0; i < Math.min(inflight, total); i++) {
                next[0].run();
            }
        });
        return done.future();
    }

    private static Integer insert(Connection c, int n) throws Exception {
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO " + TABLE + " (room, author, body, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, "room-" + (n % 16));
            insert.setString(2, "user-" + (n % 100));
            insert.setString(3, "message " + n + " from the persist benchmark");
            insert.setTimestamp(4, new Timestamp(System.currentTimeMillis()));
            return insert.executeUpdate();
        }
    }

    private static long count(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    }
}
