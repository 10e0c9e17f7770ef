// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options of the scenarios that send messages: their size, the warm-up before measuring, the drain after. */
public final class TrafficOptions {

    @Option(
            names = "--size",
            paramLabel = "CHARS",
            defaultValue = "0",
            description = "Pad message texts to CHARS characters; 0 for no padding.")
    int size;

    @Option(
            names = "--warmup",
            paramLabel = "S",
            defaultValue = "0",
            description = "Unmeasured traffic for S seconds before measuring.")
    double warmup;

    @Option(
            names = "--drain",
            paramLabel = "S",
            defaultValue = "5",
            description = "Wait S seconds for missing deliveries before giving up.")
    double drain;

    /**
     * @param spec  the command these options are mixed into
     * @return these options, checked
     */
    TrafficOptions check(CommandSpec spec) {
        Cli.atLeast(spec, "--size", size, 0);
        Cli.atLeast(spec, "--warmup", warmup, 0);
        Cli.atLeast(spec, "--drain", drain, 0.1);
        return this;
    }
}
