// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import io.switchboard.bench.impl.Cli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The rolling-update rehearsal ({@code modules/bench/run-rehearsal.sh}): three chat processes on the event-bus layer
 * behind HAProxy, logged-in pages that follow the browser client's protocol, a steady message rate, and a rolling
 * restart, a {@code kill -9} or one more node. Prints what the pages saw and a {@code RESULT} line of JSON. Loopback
 * only.
 */
@Command(
        name = "java -cp switchboard-bench.jar io.switchboard.bench.rehearsal.Rehearsal",
        description = "Restarts, kills or adds chat nodes behind HAProxy under a steady message rate and counts what"
                + " the pages lost.")
public final class Rehearsal implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = "rolling", description = "rolling, kill or scale.")
    String scenario;

    @Option(names = "--nodes", defaultValue = "3", description = "Nodes running from the start.")
    int nodes;

    @Option(names = "--rooms", defaultValue = "4", description = "Rooms.")
    int rooms;

    @Option(names = "--pages", defaultValue = "5", description = "Logged-in pages in each room.")
    int pages;

    @Option(names = "--rate", defaultValue = "40", description = "Messages per second into each room.")
    int rate;

    @Option(
            names = "--steady",
            defaultValue = "10",
            description = "Seconds of traffic before, between and after the scenario's steps.")
    int steady;

    @Option(names = "--drain", defaultValue = "5", description = "The nodes' SWITCHBOARD_DRAIN_PERIOD, seconds.")
    int drain;

    @Option(names = "--check", defaultValue = "ready", description = "HAProxy's health check: ready, app or tcp.")
    String check;

    @Option(names = "--port", defaultValue = "18400", description = "HAProxy's port; the nodes take the next ones.")
    int port;

    @Option(names = "--root", defaultValue = ".", description = "The repository's root.")
    Path root;

    @Option(
            names = "--chat-jar",
            defaultValue = "modules/chat/target/switchboard-chat.jar",
            description = "The chat jar.")
    Path chatJar;

    @Option(names = "--haproxy", defaultValue = "/usr/sbin/haproxy", description = "HAProxy.")
    Path haproxy;

    @Option(names = "--dir", defaultValue = "modules/bench/target/rehearsal", description = "Logs and database.")
    Path dir;

    @Option(
            names = "--set",
            paramLabel = "SWITCHBOARD_X=value",
            description = "More settings for every node, e.g. --set SWITCHBOARD_DB_URL=jdbc:postgresql://...")
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * Runs one rehearsal.
     *
     * @param args the options; see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new Rehearsal(), args));
    }

    @Override
    public Integer call() throws Exception {
        Scenario what = Scenario.valueOf(scenario.toUpperCase(java.util.Locale.ROOT));
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= RehearsalPlan.slots(what, nodes) * RehearsalPlan.PORTS_PER_NODE; i++) {
            ports.add(port + i);
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("SWITCHBOARD_DRAIN_PERIOD", String.valueOf(drain));
        all.putAll(settings);
        Path run = dir.resolve(what.name().toLowerCase(java.util.Locale.ROOT) + "-" + System.currentTimeMillis());
        RehearsalPlan plan = new RehearsalPlan(
                root.toAbsolutePath().normalize(),
                chatJar.isAbsolute()
                        ? chatJar
                        : root.resolve(chatJar).toAbsolutePath().normalize(),
                haproxy,
                run.toAbsolutePath(),
                what,
                nodes,
                rooms,
                pages,
                rate,
                Duration.ofSeconds(steady),
                HealthCheck.valueOf(check.toUpperCase(java.util.Locale.ROOT)),
                port,
                ports,
                all);
        try (RehearsalRun rehearsal = new RehearsalRun(plan, line -> System.out.println("  " + line))) {
            // Ctrl-C: the nodes and HAProxy are stopped all the same
            Thread cleanUp = new Thread(() -> {
                try {
                    rehearsal.close();
                } catch (Exception e) {
                    System.err.println("stopping the rehearsal's processes: " + e);
                }
            });
            Runtime.getRuntime().addShutdownHook(cleanUp);
            RehearsalReport report = rehearsal.run();
            System.out.println(report.describe());
            System.out.println("RESULT " + report.toJson().encode());
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        }
        System.out.println("logs: " + run);
        return 0;
    }
}
