// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

import io.switchboard.bench.impl.BenchOptions;
import io.switchboard.bench.impl.ResultTable;
import io.switchboard.bench.impl.RunDriver;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;

/**
 * The load generator's command line: drives a chat server ({@code /ws/chat/{room}/}, {@code {"message": ...}}) on
 * loopback with one of the scenarios of issue 6 and prints a progress line each second, a table at the end and one
 * line {@code RESULT {json}} for scripts.
 *
 * <p>Every run is bounded by {@code --deadline} and only targets loopback addresses.
 */
public final class LoadGenerator {

    /** The usage text. */
    public static final String USAGE = """
            usage: java -jar switchboard-bench.jar SCENARIO [options]

            scenarios
              broadcast   R rooms x M members x N messages; every member sends N messages to its room and
                          receives every message of the room (its own included)
              echo        C connections, each alone in its room, ping-pong N times
              idle        C connections held open: connect rate, server memory per connection (--server-pid)
              cross-node  broadcast with each room's members spread round-robin over several --url values

            options (defaults in brackets)
              --url URL               server base URL, repeatable or comma separated [ws://127.0.0.1:8080];
                                      loopback only
              --path TEMPLATE         WebSocket path [/ws/chat/{room}/]
              --rooms R               rooms [1; idle: connections/10]
              --members M             members per room [10]
              --messages N            messages per sender [100; echo: 200]
              --window W              closed loop: own messages in flight per sender [10]
              --rate D                offered deliveries per second over all rooms; 0 = closed loop [0]
              --duration S            with --rate: stop sending after S seconds [10]
              --connections C         echo and idle: connections [echo 50, idle 1000]
              --size CHARS            pad message texts to CHARS characters [0]
              --warmup S              unmeasured traffic for S seconds before measuring [0]
              --drain S               wait S seconds for missing deliveries before giving up [5]
              --deadline S            the whole run stops after S seconds, finished or not [300]
              --threads T             client event loops [cores]
              --connect-concurrency K connection attempts in flight [256]
              --server-pid PID        read the server's VmRSS and CPU time from /proc [none]
              --hold S                idle: hold the connections S seconds before reading memory [5]
              --local-addresses A     source addresses: auto (127.0.0.2, ... when over 20,000
                                      connections), none, or a comma list [auto]
              --label TEXT            copied into the JSON result
              --quiet                 no progress lines

            output: progress lines on stderr; the table and a last line "RESULT {json}" on stdout.
            exit status: 0 complete, 1 incomplete (loss, deadline, failed connections), 2 bad arguments.
            """;

    private LoadGenerator() {}

    /**
     * Runs one scenario from the command line and exits.
     *
     * @param args  the scenario name and options; see {@link #USAGE}
     */
    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("run with --help for the options");
            System.exit(2);
            return;
        }
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep((long) (options.deadlineSeconds() * 1000) + 60_000);
                        System.err.println("deadline passed by 60 s and the run did not stop; exiting");
                        System.exit(3);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            JsonObject result = run(options, System.err);
            System.out.print(ResultTable.format(result));
            System.out.println("RESULT " + result.encode());
            System.out.flush();
            System.exit(result.getBoolean("complete", false) ? 0 : 1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * Runs one scenario in this process. Blocking and bounded by the options' deadline: call it from a plain thread,
     * never from a Vert.x event loop.
     *
     * @param options  what to run
     * @param progress  where progress lines go (ignored with {@code --quiet})
     * @return the result as printed on the {@code RESULT} line
     * @throws IllegalArgumentException when the run cannot start (e.g. too few open files allowed)
     * @throws Exception when the client cannot start or stop
     */
    public static JsonObject run(BenchOptions options, PrintStream progress) throws Exception {
        return RunDriver.run(options, progress);
    }
}
