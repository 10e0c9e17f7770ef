// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/** The cross-node scenario: broadcast, with each room's members spread round-robin over several servers. */
@Command(
        name = "cross-node",
        description = "Broadcast with each room's members spread round-robin over several --url values.")
public final class CrossNodeCommand extends BroadcastCommand {

    @Override
    Scenario scenario() {
        return Scenario.CROSS_NODE;
    }

    @Override
    public BenchOptions options() {
        if (urls.size() < 2) {
            throw new ParameterException(spec.commandLine(), "cross-node needs at least two --url values, got " + urls);
        }
        return super.options();
    }
}
