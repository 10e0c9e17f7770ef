// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The load generator's scenarios (issue 6). */
public enum Scenario {
    /** R rooms x M members x N messages, closed loop or at a fixed offered rate. */
    BROADCAST,
    /** C connections, each alone in its room, ping-pong. */
    ECHO,
    /** C connections held open: connect rate and the server's memory per connection. */
    IDLE,
    /** Broadcast with each room's members spread round-robin over several server URLs. */
    CROSS_NODE;

    /** @return the command-line name, e.g. {@code cross-node} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param name  a command-line name
     * @return the scenario
     * @throws IllegalArgumentException for an unknown name
     */
    public static Scenario fromCli(String name) {
        for (Scenario s : values()) {
            if (s.cliName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown scenario '" + name + "'; expected one of: "
                + Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", ")));
    }
}
