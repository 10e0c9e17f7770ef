// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The echo scenario: each connection alone in its room, one message in flight. */
@Command(name = "echo", description = "C connections, each alone in its room, ping-pong N times.")
public final class EchoCommand extends ScenarioCommand {

    @Option(names = "--connections", paramLabel = "C", defaultValue = "50", description = "Connections.")
    int connections;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "200", description = "Round trips per connection.")
    int messages;

    @Mixin
    TrafficOptions traffic;

    @Override
    public BenchOptions options() {
        Cli.atLeast(spec, "--connections", connections, 1);
        Cli.atLeast(spec, "--messages", messages, 1);
        return options(Scenario.ECHO, connections, 1, connections, messages, 1, 0, 0, traffic.check(spec), 0);
    }
}
