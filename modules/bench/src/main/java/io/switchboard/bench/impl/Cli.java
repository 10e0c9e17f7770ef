// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * How every bench program reads its command line, through picocli: {@code -h}/{@code --help} on every command and
 * subcommand, defaults shown in the help, options listed in the order they are declared, and a bad argument
 * reported as one line on stderr with exit status 2.
 */
public final class Cli {

    // picocli compares orders by subtraction: keep clear of Integer.MAX_VALUE
    private static final int HELP_LAST = 1000;

    private Cli() {}

    /**
     * Parses {@code args} into {@code command} and runs it. Blocking: returns when the command has finished.
     *
     * @param command  a picocli {@code @Command} that is a {@code Callable<Integer>} or has subcommands
     * @param args  the command line
     * @return the exit status: the command's own, 0 after {@code --help}, 1 when it threw, 2 for bad arguments
     */
    public static int execute(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /**
     * Runs a command that starts a server and returns once it listens: exits the process when the command fails or
     * only printed its help, and otherwise leaves the server's threads to keep the process up.
     *
     * @param command  a picocli {@code @Command} that is a {@code Callable<Integer>}
     * @param args  the command line
     */
    public static void startServer(Object command, String... args) {
        CommandLine cli = commandLine(command);
        int status = cli.execute(args);
        if (status != 0 || cli.isUsageHelpRequested()) {
            System.exit(status);
        }
    }

    /**
     * @param command  a picocli {@code @Command}
     * @return its command line, and its subcommands', set up as this class describes
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        setUp(cli);
        return cli.setParameterExceptionHandler(Cli::oneLine);
    }

    /**
     * Checks a value picocli has parsed but cannot bound.
     *
     * @param spec  the command the option belongs to
     * @param option  the option's name, e.g. {@code --members}
     * @param value  its value
     * @param min  the smallest value allowed
     * @return {@code value}
     * @throws ParameterException when {@code value < min}
     */
    public static int atLeast(CommandSpec spec, String option, int value, int min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    /**
     * Checks a value picocli has parsed but cannot bound.
     *
     * @param spec  the command the option belongs to
     * @param option  the option's name, e.g. {@code --port}
     * @param value  its value
     * @param min  the smallest value allowed
     * @param max  the largest value allowed
     * @return {@code value}
     * @throws ParameterException when {@code value} is outside {@code min..max}
     */
    public static int within(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(
                    spec.commandLine(), option + " must be within " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /**
     * Checks a value picocli has parsed but cannot bound.
     *
     * @param spec  the command the option belongs to
     * @param option  the option's name, e.g. {@code --duration}
     * @param value  its value
     * @param min  the smallest value allowed
     * @return {@code value}
     * @throws ParameterException when {@code value < min}, or it is not finite
     */
    public static double atLeast(CommandSpec spec, String option, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new ParameterException(spec.commandLine(), option + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    private static void setUp(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        spec.usageMessage().showDefaultValues(true).sortOptions(false).width(110);
        if (!spec.optionsMap().containsKey("--help")) {
            spec.addOption(OptionSpec.builder("-h", "--help")
                    .usageHelp(true)
                    .order(HELP_LAST)
                    .description("Show this help and exit.")
                    .build());
        }
        cli.getSubcommands().values().forEach(Cli::setUp);
    }

    private static int oneLine(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println(e.getMessage() + "; see " + cli.getCommandSpec().qualifiedName() + " --help");
        cli.getErr().flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }
}
