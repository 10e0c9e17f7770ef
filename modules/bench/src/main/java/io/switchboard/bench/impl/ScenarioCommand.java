// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One scenario of the load generator as a picocli subcommand: the options every scenario takes, and the run. A
 * subclass adds the options of its scenario and turns them into {@link BenchOptions}.
 */
public abstract class ScenarioCommand implements Callable<Integer> {

    // the help lists a scenario's own options first, then these
    private static final int COMMON = 1;

    @Spec
    CommandSpec spec;

    @Option(
            order = COMMON,
            names = "--url",
            split = ",",
            paramLabel = "URL",
            defaultValue = "ws://127.0.0.1:8080",
            description = "Server base URL, repeatable or comma separated; loopback only.")
    List<String> urls;

    @Option(
            order = COMMON,
            names = "--path",
            paramLabel = "TEMPLATE",
            defaultValue = "/ws/chat/{room}/",
            description = "WebSocket path; {room} stands for the room's name.")
    String path;

    @Option(
            order = COMMON,
            names = "--deadline",
            paramLabel = "S",
            defaultValue = "300",
            description = "The whole run stops after S seconds, finished or not.")
    double deadline;

    @Option(
            order = COMMON,
            names = "--threads",
            paramLabel = "T",
            description = "Client event loops, one per core by default.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(
            order = COMMON,
            names = "--connect-concurrency",
            paramLabel = "K",
            defaultValue = "256",
            description = "Connection attempts in flight at most.")
    int connectConcurrency;

    @Option(
            order = COMMON,
            names = "--server-pid",
            paramLabel = "PID",
            defaultValue = "0",
            description = "Read this server's VmRSS and CPU time from /proc; 0 for none.")
    int serverPid;

    @Option(
            order = COMMON,
            names = "--local-addresses",
            paramLabel = "A",
            defaultValue = "auto",
            description =
                    "Source addresses: auto (127.0.0.2, ... when over 20,000 connections), none," + " or a comma list.")
    String localAddresses;

    @Option(
            order = COMMON,
            names = "--label",
            paramLabel = "TEXT",
            defaultValue = "",
            showDefaultValue = Visibility.NEVER,
            description = "Copied into the JSON result.")
    String label;

    @Option(order = COMMON, names = "--quiet", description = "No progress lines.")
    boolean quiet;

    /**
     * @return this command's options, checked
     * @throws ParameterException naming the bad option and its value
     */
    public abstract BenchOptions options();

    /**
     * Runs the scenario, prints the table and the {@code RESULT} line on stdout.
     *
     * @return 0 when the run completed, 1 when it did not (loss, deadline, failed connections)
     * @throws ParameterException when the run cannot start as asked (e.g. too few open files allowed)
     * @throws Exception when the client cannot start or stop
     */
    @Override
    public Integer call() throws Exception {
        BenchOptions options = options();
        startWatchdog(options.deadlineSeconds());
        JsonObject result;
        try {
            result = RunDriver.run(options, System.err);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        System.out.print(ResultTable.format(result));
        System.out.println("RESULT " + result.encode());
        System.out.flush();
        return result.getBoolean("complete", false) ? 0 : 1;
    }

    /**
     * Checks the options every scenario takes and puts them together with the scenario's own.
     *
     * @param scenario  what to run
     * @param rooms  rooms
     * @param members  members per room
     * @param connections  connections in all
     * @param messages  messages per sender
     * @param window  a sender's messages in flight at most (closed loop)
     * @param rate  offered deliveries per second, 0 for a closed loop
     * @param duration  with a rate: seconds of sending
     * @param traffic  size, warm-up and drain
     * @param hold  idle: seconds to hold the connections
     * @return the options
     * @throws ParameterException naming the bad option and its value
     */
    BenchOptions options(
            Scenario scenario,
            int rooms,
            int members,
            int connections,
            int messages,
            int window,
            double rate,
            double duration,
            TrafficOptions traffic,
            double hold) {
        if (!path.contains("{room}") || !path.startsWith("/")) {
            throw new ParameterException(
                    spec.commandLine(), "--path '" + path + "' must start with / and contain {room}");
        }
        Cli.atLeast(spec, "--deadline", deadline, 1);
        Cli.atLeast(spec, "--threads", threads, 1);
        Cli.atLeast(spec, "--connect-concurrency", connectConcurrency, 1);
        Cli.atLeast(spec, "--server-pid", serverPid, 0);
        try {
            List<URI> checked = new ArrayList<>();
            for (String url : urls) {
                checked.add(BenchOptions.loopbackUrl(url));
            }
            return new BenchOptions(
                    scenario,
                    List.copyOf(checked),
                    path,
                    rooms,
                    members,
                    connections,
                    messages,
                    window,
                    rate,
                    duration,
                    traffic.size,
                    traffic.warmup,
                    traffic.drain,
                    deadline,
                    threads,
                    connectConcurrency,
                    serverPid,
                    hold,
                    BenchOptions.localAddresses(localAddresses, connections),
                    label,
                    quiet);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static void startWatchdog(double deadlineSeconds) {
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep((long) (deadlineSeconds * 1000) + 60_000);
                        System.err.println("deadline passed by 60 s and the run did not stop; exiting");
                        System.exit(3);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
