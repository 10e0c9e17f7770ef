// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The idle scenario: connections held open, to measure the connect rate and the server's memory. */
@Command(
        name = "idle",
        description = "C connections held open: the connect rate, and the server's memory per connection"
                + " (with --server-pid).")
public final class IdleCommand extends ScenarioCommand {

    @Option(names = "--connections", paramLabel = "C", defaultValue = "1000", description = "Connections.")
    int connections;

    @Option(
            names = "--rooms",
            paramLabel = "R",
            description = "Rooms the connections join, round-robin (default: connections / 10, at least 1).")
    Integer rooms;

    @Option(
            names = "--hold",
            paramLabel = "S",
            defaultValue = "5",
            description = "Hold the connections S seconds before reading the server's memory.")
    double hold;

    @Override
    public BenchOptions options() {
        Cli.atLeast(spec, "--connections", connections, 1);
        int r = rooms == null ? Math.max(1, connections / 10) : Cli.atLeast(spec, "--rooms", rooms, 1);
        Cli.atLeast(spec, "--hold", hold, 0);
        // idle sends nothing: no messages, no traffic options
        return options(Scenario.IDLE, r, 0, connections, 0, 1, 0, 0, new TrafficOptions(), hold);
    }
}
