// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

import io.switchboard.bench.impl.Cli;
import io.switchboard.bench.impl.SuiteTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Parameters;

/**
 * Turns the raw results of {@code run-suite.sh} into the comparison table: per case and target the median over the
 * repetitions, and the ratio of each target to the baseline next to the goal of issue 6.
 *
 * <p>Input: one line per run, {@code CASE<TAB>TARGET<TAB>REP<TAB>{json result}}.
 */
@Command(
        name = "java -cp switchboard-bench.jar io.switchboard.bench.SuiteReport",
        description = "Prints the comparison table of run-suite.sh's raw results, and optionally writes it to a file.")
public final class SuiteReport implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RAW", description = "The raw results, one line per run.")
    Path raw;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OUT", description = "Where the table is written too.")
    Path out;

    @Parameters(
            index = "2..*",
            paramLabel = "HEADER",
            showDefaultValue = Visibility.NEVER,
            description = "Lines printed above the table.")
    List<String> header = new ArrayList<>();

    private SuiteReport() {}

    /**
     * Prints the table and optionally writes it to a file.
     *
     * @param args  {@code RAW [OUT [HEADER...]]}; see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new SuiteReport(), args));
    }

    /**
     * Reads the raw results and prints the table.
     *
     * @return 0
     * @throws IOException when a file cannot be read or written
     */
    @Override
    public Integer call() throws IOException {
        List<String> lines = Files.readAllLines(raw, StandardCharsets.UTF_8);
        StringBuilder table = new StringBuilder();
        header.forEach(line -> table.append(line).append('\n'));
        table.append(SuiteTable.render(lines));
        System.out.print(table);
        if (out != null) {
            Files.writeString(out, table, StandardCharsets.UTF_8);
        }
        return 0;
    }
}
