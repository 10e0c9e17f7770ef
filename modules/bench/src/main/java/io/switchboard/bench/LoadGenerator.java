// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

import io.switchboard.bench.impl.BenchOptions;
import io.switchboard.bench.impl.BroadcastCommand;
import io.switchboard.bench.impl.Cli;
import io.switchboard.bench.impl.CrossNodeCommand;
import io.switchboard.bench.impl.EchoCommand;
import io.switchboard.bench.impl.IdleCommand;
import io.switchboard.bench.impl.RunDriver;
import io.switchboard.bench.impl.ScenarioCommand;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The load generator's command line: drives a chat server ({@code /ws/chat/{room}/}, {@code {"message": ...}}) on
 * loopback with one of the scenarios of issue 6 and prints a progress line each second, a table at the end and one
 * line {@code RESULT {json}} for scripts. Each scenario is a subcommand with its own options; see {@code --help}.
 *
 * <p>Every run is bounded by {@code --deadline} and only targets loopback addresses.
 */
@Command(
        name = "java -jar switchboard-bench.jar",
        description = "Drives a chat server on loopback with one of the scenarios of issue 6.",
        subcommands = {
            BroadcastCommand.class,
            EchoCommand.class,
            IdleCommand.class,
            CrossNodeCommand.class,
            HelpCommand.class
        },
        footer = {
            "",
            "Output: progress lines on stderr; the table and a last line \"RESULT {json}\" on stdout.",
            "Exit status: 0 complete, 1 incomplete (loss, deadline, failed connections), 2 bad arguments."
        })
public final class LoadGenerator {

    private LoadGenerator() {}

    /**
     * Runs one scenario from the command line and exits.
     *
     * @param args  the scenario name and its options; see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new LoadGenerator(), args));
    }

    /**
     * Reads a command line as {@link #main} does, without running it.
     *
     * @param args  the scenario name and its options
     * @return the options
     * @throws ParameterException naming the bad option and its value
     */
    public static BenchOptions parse(String... args) {
        CommandLine cli = Cli.commandLine(new LoadGenerator());
        ParseResult parsed = cli.parseArgs(args);
        if (!parsed.hasSubcommand()
                || !(parsed.subcommand().commandSpec().userObject() instanceof ScenarioCommand scenario)) {
            throw new ParameterException(cli, "Missing the scenario: broadcast, echo, idle or cross-node");
        }
        return scenario.options();
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
