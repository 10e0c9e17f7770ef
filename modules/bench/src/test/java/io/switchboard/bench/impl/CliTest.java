// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

class CliTest {

    @Command(name = "tool", description = "A tool.")
    static final class Tool implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--count", paramLabel = "N", defaultValue = "3", description = "How many.")
        int count;

        @Override
        public Integer call() {
            Cli.atLeast(spec, "--count", count, 1);
            return 0;
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Cli.commandLine(new Tool());
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpShowsTheDefaultsAndExitsWithZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--count=N", "How many.", "Default: 3", "-h, --help");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitStatusTwo() {
        assertThat(run("--cuont", "4")).isEqualTo(2);
        assertThat(err.toString()).startsWith("Unknown option").endsWith("see tool --help" + System.lineSeparator());
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void aValueOutOfBoundsIsOneLineAndExitStatusTwo() {
        assertThat(run("--count", "0")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("--count must be >= 1, got 0; see tool --help" + System.lineSeparator());
    }

    @Test
    void aMalformedNumberIsOneLineAndExitStatusTwo() {
        assertThat(run("--count", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("--count", "many");
        assertThat(err.toString().lines()).hasSize(1);
    }
}
