// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.redis;

import io.switchboard.layer.ChannelLayer;
import io.switchboard.layer.redis.RedisChannelLayerProvider;
import io.switchboard.layer.redis.RedisPubSubChannelLayerProvider;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

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
public final class GroupSendBench {

    private static final List<String> SENDERS =
            List.of("memory", "redis", "redis-pubsub", "channels_redis", "channels_redis-pubsub");

    private GroupSendBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        if (options.containsKey("help")) {
            System.out.println(usage());
            return;
        }
        List<String> senders = list(options.getOrDefault("senders", String.join(",", SENDERS)));
        for (String sender : senders) {
            if (!SENDERS.contains(sender)) {
                throw new IllegalArgumentException("--senders '" + sender + "' is unknown; expected " + SENDERS);
            }
        }
        List<Integer> sizes = list(options.getOrDefault("members", "10,100,1000")).stream()
                .map(Integer::parseInt)
                .toList();
        int reps = Integer.parseInt(options.getOrDefault("reps", "3"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "5"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "2"));
        int window = Integer.parseInt(options.getOrDefault("window", "16"));
        List<String> hosts = list(options.getOrDefault("redis", "redis://127.0.0.1:6379"));
        String python = options.getOrDefault("python", "/usr/bin/python3");
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        int contexts = Integer.parseInt(options.getOrDefault("contexts", Integer.toString(loops)));

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
                        BenchResult result =
                                runOne(vertx, sender, members, window, contexts, hosts, python, warmup, duration);
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
            double duration)
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

    private static List<String> list(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                options.put("help", "");
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'; see --help");
            }
        }
        return options;
    }

    private static String usage() {
        return """
                usage: java -cp switchboard-bench.jar io.switchboard.bench.redis.GroupSendBench [options]

                  --senders LIST   memory,redis,redis-pubsub,channels_redis,channels_redis-pubsub (all)
                  --members LIST   room sizes [10,100,1000]
                  --reps N         repetitions of each configuration, order alternating [3]
                  --duration S     measured seconds per run [5]
                  --warmup S       unmeasured seconds before [2]
                  --window W       group sends in flight, each done once every member has it [16]
                  --redis URLS     Redis, comma-separated for shards [redis://127.0.0.1:6379]
                  --python PATH    interpreter with channels_redis [/usr/bin/python3]
                  --contexts N     event loops the members are spread over [2 x cores]

                Latency: from the send call to each member's handler, on the wall clock. A group send that some
                member has not got after 2 s counts as lost and frees its slot.""";
    }
}
