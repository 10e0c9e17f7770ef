// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.redis;

import io.switchboard.bench.impl.Cli;
import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.HistoryPolicy;
import io.switchboard.layer.redis.RedisChannelLayerProvider;
import io.switchboard.layer.redis.RedisPubSubChannelLayerProvider;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Group-send throughput and latency of the channel layers, for rooms of several sizes, in one run: the memory
 * layer, both Redis flavours, and channels_redis' own {@code group_send} (a Python sender) into groups of
 * Switchboard channels. Each configuration runs {@code --reps} times, in alternating order, and the medians are
 * printed at the end.
 *
 * <pre>{@code
 * java -cp modules/bench/target/switchboard-bench.jar io.switchboard.bench.redis.GroupSendBench \
 *     --members 10,100,1000 --reps 3
 * }</pre>
 *
 * <p>Senders: {@code memory}, {@code redis}, {@code redis-pubsub} (Switchboard's {@code groupSend}), and
 * {@code channels_redis}, {@code channels_redis-pubsub} (channels_redis 4 run by {@code /usr/bin/python3};
 * the members are on Switchboard's {@code redis} or {@code redis-pubsub} layer). Only loopback Redis is used
 * unless {@code --redis} says otherwise; every run uses a prefix of its own and flushes it at the end.
 */
@Command(
        name = "java -cp switchboard-bench.jar io.switchboard.bench.redis.GroupSendBench",
        description = "Group-send throughput and latency of the channel layers, for rooms of several sizes; the"
                + " medians of --reps runs of each configuration, in alternating order.",
        footer = {
            "",
            "Latency: from the send call to each member's handler, on the wall clock. A group send that some",
            "member has not got after 2 s counts as lost and frees its slot."
        })
public final class GroupSendBench implements Callable<Integer> {

    private static final List<String> SENDERS =
            List.of("memory", "redis", "redis-pubsub", "channels_redis", "channels_redis-pubsub");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--senders",
            split = ",",
            paramLabel = "SENDER",
            defaultValue = "memory,redis,redis-pubsub,channels_redis,channels_redis-pubsub",
            description = "Who sends: Switchboard's groupSend on memory, redis or redis-pubsub, or channels_redis'"
                    + " group_send (channels_redis, channels_redis-pubsub).")
    List<String> senders;

    @Option(
            names = "--members",
            split = ",",
            paramLabel = "M",
            defaultValue = "10,100,1000",
            description = "Room sizes.")
    List<Integer> sizes;

    @Option(
            names = "--reps",
            paramLabel = "N",
            defaultValue = "3",
            description = "Repetitions of each configuration, order alternating.")
    int reps;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "5", description = "Measured seconds per run.")
    double duration;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "2", description = "Unmeasured seconds before.")
    double warmup;

    @Option(
            names = "--window",
            paramLabel = "W",
            defaultValue = "16",
            description = "Group sends in flight, each done once every member has it.")
    int window;

    @Option(
            names = "--redis",
            split = ",",
            paramLabel = "URL",
            defaultValue = "redis://127.0.0.1:6379",
            description = "Redis, comma-separated for shards.")
    List<String> hosts;

    @Option(
            names = "--python",
            paramLabel = "PATH",
            defaultValue = "/usr/bin/python3",
            description = "Interpreter with channels_redis.")
    String python;

    @Option(
            names = "--history",
            paramLabel = "SIZE",
            defaultValue = "0",
            description = "Give the room a history of SIZE messages (for 600 s), so every group send is numbered and"
                    + " kept; 0: none.")
    int history;

    @Option(
            names = "--contexts",
            paramLabel = "N",
            description = "Event loops the members are spread over, two per core by default.")
    int contexts = 2 * Runtime.getRuntime().availableProcessors();

    private GroupSendBench() {}

    /**
     * Runs the benchmark and exits.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new GroupSendBench(), args));
    }

    /**
     * Runs every configuration {@code --reps} times, printing a line per run, then the medians.
     *
     * @return 0
     * @throws Exception when a layer or the Python sender cannot start
     */
    @Override
    public Integer call() throws Exception {
        check();
        System.out.printf(
                Locale.ROOT,
                "group-send benchmark: senders %s, members %s, %d rep(s) of %.1f s (+%.1f s warm-up), window %d,"
                        + " members on %d event loops, Redis %s, %d cores%n",
                senders,
                sizes,
                reps,
                duration,
                warmup,
                window,
                contexts,
                hosts,
                Runtime.getRuntime().availableProcessors());
        Map<String, List<BenchResult>> results = new LinkedHashMap<>();
        Vertx vertx = Vertx.vertx();
        try {
            for (int rep = 1; rep <= reps; rep++) {
                for (int members : sizes) {
                    List<String> order = new ArrayList<>(senders);
                    if (rep % 2 == 0) {
                        Collections.reverse(order);
                    }
                    for (String sender : order) {
                        BenchResult result = runOne(
                                vertx, sender, members, window, contexts, hosts, python, warmup, duration, history);
                        System.out.printf(
                                Locale.ROOT, "rep %d  %-22s %5d members  %s%n", rep, sender, members, line(result));
                        results.computeIfAbsent(sender + "/" + members, k -> new ArrayList<>())
                                .add(result);
                    }
                }
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        printMedians(results);
        return 0;
    }

    private void check() {
        for (String sender : senders) {
            if (!SENDERS.contains(sender)) {
                throw new ParameterException(
                        spec.commandLine(), "--senders '" + sender + "' is unknown; expected one of " + SENDERS);
            }
        }
        sizes.forEach(members -> Cli.atLeast(spec, "--members", members, 1));
        Cli.atLeast(spec, "--reps", reps, 1);
        Cli.atLeast(spec, "--duration", duration, 0.1);
        Cli.atLeast(spec, "--warmup", warmup, 0);
        Cli.atLeast(spec, "--window", window, 1);
        Cli.atLeast(spec, "--contexts", contexts, 1);
    }

    private void printMedians(Map<String, List<BenchResult>> results) {
        System.out.printf(
                Locale.ROOT,
                "%nmedians of %d rep(s)%n%-22s %7s %14s %14s %9s %9s %6s %6s%n",
                reps,
                "sender",
                "members",
                "groupSends/s",
                "deliveries/s",
                "p50 ms",
                "p99 ms",
                "lost",
                "errors");
        for (int members : sizes) {
            for (String sender : senders) {
                List<BenchResult> runs = results.get(sender + "/" + members);
                System.out.printf(
                        Locale.ROOT,
                        "%-22s %7d %14.0f %14.0f %9.2f %9.2f %6.0f %6.0f%n",
                        sender,
                        members,
                        median(runs, BenchResult::groupSendsPerSecond),
                        median(runs, BenchResult::deliveriesPerSecond),
                        median(runs, r -> r.p50Micros()) / 1000.0,
                        median(runs, r -> r.p99Micros()) / 1000.0,
                        median(runs, r -> r.lost()),
                        median(runs, r -> r.errors()));
            }
        }
    }

    private static BenchResult runOne(
            Vertx vertx,
            String sender,
            int members,
            int window,
            int contexts,
            List<String> hosts,
            String python,
            double warmup,
            double duration,
            int history)
            throws Exception {
        String prefix = "bench" + UUID.randomUUID().toString().substring(0, 8);
        String group = "bench_room";
        BenchRun run = new BenchRun(vertx, members, window, group);
        List<ChannelLayer> layers = new ArrayList<>();
        PythonSender pythonSender = null;
        try {
            if (sender.equals("memory")) {
                ChannelLayer memory = ChannelLayer.memory(vertx);
                layers.add(memory);
                run.join(memory, contexts);
                run.sendWith(memory);
            } else {
                String flavour = sender.endsWith("pubsub") ? "redis-pubsub" : "redis";
                ChannelLayer receiver = redis(vertx, flavour, hosts, prefix);
                layers.add(receiver);
                run.join(receiver, contexts);
                if (sender.startsWith("channels_redis")) {
                    pythonSender = PythonSender.start(python, flavour, hosts, prefix, group);
                    run.sendWith(pythonSender);
                } else {
                    ChannelLayer senderLayer = redis(vertx, flavour, hosts, prefix);
                    layers.add(senderLayer);
                    run.sendWith(senderLayer);
                }
            }
            if (history > 0) {
                for (ChannelLayer layer : layers) {
                    layer.keepHistory(group, new HistoryPolicy(history, 600)).await(5, TimeUnit.SECONDS);
                }
            }
            return run.drive(warmup, duration);
        } finally {
            if (pythonSender != null) {
                pythonSender.close();
            }
            for (ChannelLayer layer : layers) {
                // the run's prefix is its own: flush deletes exactly its keys
                layer.flush().eventually(layer::close).await(10, TimeUnit.SECONDS);
            }
        }
    }

    private static ChannelLayer redis(Vertx vertx, String flavour, List<String> hosts, String prefix) throws Exception {
        JsonObject config = new JsonObject().put("hosts", new JsonArray(hosts)).put("prefix", prefix);
        return (flavour.equals("redis")
                        ? new RedisChannelLayerProvider().create(vertx, config)
                        : new RedisPubSubChannelLayerProvider().create(vertx, config))
                .await(10, TimeUnit.SECONDS);
    }

    private static String line(BenchResult r) {
        return String.format(
                Locale.ROOT,
                "%10.0f groupSends/s %11.0f deliveries/s  p50 %7.2f ms  p99 %7.2f ms  lost %d  errors %d",
                r.groupSendsPerSecond(),
                r.deliveriesPerSecond(),
                r.p50Micros() / 1000.0,
                r.p99Micros() / 1000.0,
                r.lost(),
                r.errors());
    }

    private static double median(List<BenchResult> runs, ToDoubleFunction<BenchResult> value) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
