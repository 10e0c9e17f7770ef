// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The broadcast scenario: rooms of members that all talk, in a closed loop or at an offered rate. */
@Command(
        name = "broadcast",
        description = "R rooms x M members x N messages: every member sends N messages to its room and receives"
                + " every message of the room (its own included).")
public class BroadcastCommand extends ScenarioCommand {

    @Option(names = "--rooms", paramLabel = "R", defaultValue = "1", description = "Rooms.")
    int rooms;

    @Option(names = "--members", paramLabel = "M", defaultValue = "10", description = "Members per room.")
    int members;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "100", description = "Messages per sender.")
    int messages;

    @Option(
            names = "--window",
            paramLabel = "W",
            defaultValue = "10",
            description = "Closed loop: a sender's own messages in flight at most.")
    int window;

    @Option(
            names = "--rate",
            paramLabel = "D",
            defaultValue = "0",
            description = "Offered deliveries per second over all rooms; 0 for a closed loop.")
    double rate;

    @Option(
            names = "--duration",
            paramLabel = "S",
            defaultValue = "10",
            description = "With --rate: stop sending after S seconds.")
    double duration;

    @Mixin
    TrafficOptions traffic;

    Scenario scenario() {
        return Scenario.BROADCAST;
    }

    @Override
    public BenchOptions options() {
        Cli.atLeast(spec, "--rooms", rooms, 1);
        Cli.atLeast(spec, "--members", members, 1);
        Cli.atLeast(spec, "--messages", messages, 1);
        Cli.atLeast(spec, "--window", window, 1);
        Cli.atLeast(spec, "--rate", rate, 0);
        Cli.atLeast(spec, "--duration", duration, 0.1);
        return options(
                scenario(), rooms, members, rooms * members, messages, window, rate, duration, traffic.check(spec), 0);
    }
}
