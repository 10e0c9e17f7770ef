// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench;

import io.switchboard.bench.impl.SuiteTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the raw results of {@code run-suite.sh} into the comparison table: per case and target the median over the
 * repetitions, and the ratio of each target to the baseline next to the goal of issue 6.
 *
 * <p>Input: one line per run, {@code CASE<TAB>TARGET<TAB>REP<TAB>{json result}}.
 */
public final class SuiteReport {

    private SuiteReport() {}

    /**
     * Prints the table and optionally writes it to a file.
     *
     * @param args  {@code RAW_FILE [OUT_FILE [HEADER_LINE...]]}
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println(
                    "usage: java -cp switchboard-bench.jar io.switchboard.bench.SuiteReport RAW [OUT [HEADER...]]");
            System.exit(2);
        }
        List<String> raw = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder();
        for (int i = 2; i < args.length; i++) {
            header.append(args[i]).append('\n');
        }
        String table = header + SuiteTable.render(raw);
        System.out.print(table);
        if (args.length >= 2) {
            Files.writeString(Path.of(args[1]), table, StandardCharsets.UTF_8);
        }
    }
}
