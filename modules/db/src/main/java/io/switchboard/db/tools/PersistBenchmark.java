// SPDX-License-Identifier: Apache-2.0
package io.switchboard.db.tools;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Persists chat messages through the DB workers, one message per unit as the chat does, with several worker
 * counts, and counts Vert.x blocked-thread warnings meanwhile (there must be none). The units are submitted from
 * an event loop, which keeps {@code --inflight} of them outstanding.
 *
 * <pre>
 * mvn -q exec:java -pl modules/db -Dexec.mainClass=io.switchboard.db.tools.PersistBenchmark \
 *   -Dexec.args="--url jdbc:postgresql://127.0.0.1:5432/test --user postgres --messages 20000 --workers 1,2,4,8"
 * </pre>
 *
 * <p>It creates and at the end drops the table {@code switchboard_bench_message}. Exit status 1 when any
 * blocked-thread warning was seen or a message is missing.
 */
public final class PersistBenchmark {

    private static final String TABLE = "switchboard_bench_message";
    // event loops are checked strictly: 200 ms instead of Vert.x's 2 s
    private static final long MAX_EVENT_LOOP_MILLIS = 200;

    private PersistBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code --url}, {@code --user}, {@code --password}, {@code --messages}, {@code --workers}
     *     (comma-separated), {@code --inflight}, {@code --health-checks} (true or false)
     * @throws Exception when the database cannot be used
     */
    public static void main(String[] args) throws Exception {
        // without a logback.xml Logback logs everything from DEBUG; the libraries' debug lines would bury the results
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
        BlockedThreadCounter blocked = BlockedThreadCounter.install();
        Map<String, String> opts = parse(args);
        DatabaseOptions base = new DatabaseOptions()
                .setUrl(opts.getOrDefault("url", "jdbc:postgresql://127.0.0.1:5432/test"))
                .setUser(opts.getOrDefault("user", "postgres"))
                .setPassword(opts.get("password"))
                .setApplicationName("switchboard-bench")
                .setHealthChecks(Boolean.parseBoolean(opts.getOrDefault("health-checks", "true")));
        int messages = Integer.parseInt(opts.getOrDefault("messages", "20000"));
        int inflight = Integer.parseInt(opts.getOrDefault("inflight", "64"));
        int[] workerCounts = Arrays.stream(
                        opts.getOrDefault("workers", "1,2,4,8").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();

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
                DatabaseOptions options =
                        new DatabaseOptions(base).setWorkers(workers).setQueueSize(inflight);
                Database db = get(Database.open(vertx, options));
                try {
                    prepare(db);
                    get(pump(vertx, db, Math.min(1000, messages), inflight)); // warm-up
                    blocked.reset();
                    long[] latencies = new long[messages];
                    long start = System.nanoTime();
                    get(pump(vertx, db, messages, inflight, latencies));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    int warnings = blocked.count();
                    long stored = get(db.run(c -> count(c)));
                    Arrays.sort(latencies);
                    System.out.printf(
                            "%8d %10.2f %12.0f %10.2f %10.2f %16d%n",
                            workers,
                            seconds,
                            messages / seconds,
                            latencies[messages / 2] / 1e6,
                            latencies[(int) (messages * 0.99)] / 1e6,
                            warnings);
                    long expected = messages + Math.min(1000, messages);
                    if (warnings > 0 || stored != expected) {
                        System.out.printf(
                                "FAILED: %d warnings, %d of %d messages stored%n", warnings, stored, expected);
                        ok = false;
                    }
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
        } finally {
            get(vertx.close());
        }
        System.exit(ok ? 0 : 1);
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
        return pump(vertx, db, total, inflight, new long[total]);
    }

    /** From an event loop, keeps {@code inflight} single-message units outstanding until {@code total} are done. */
    private static Future<Void> pump(Vertx vertx, Database db, int total, int inflight, long[] latencies) {
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
                latencies[n] = System.nanoTime() - sent;
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

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'; options: "
                        + "--url --user --password --messages --workers --inflight --health-checks");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
