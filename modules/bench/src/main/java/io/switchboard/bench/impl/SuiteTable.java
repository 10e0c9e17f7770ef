// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Medians per case and target over the suite's repetitions, and each target's ratio to the {@code baseline} target,
 * as a fixed-width text table. Which metrics a case shows follows its first letter: B (throughput), R (latency at an
 * offered rate), E (echo), I (idle memory), X (cross-node). A case may carry its client after a slash
 * ({@code B2/node}); each is then its own row, its ratios taken within that client's runs.
 *
 * <p>Next to throughput, the server's CPU time per delivery ({@value #CPU_PER_DELIVERY}, in microseconds): the
 * server's CPU share over the measured span times that span, over the deliveries. The client shares the cores, so
 * throughput also measures what the server leaves it; CPU per delivery does not. Its goals are per target: the
 * tutorial consumer ({@code tutorial}) and the chat as shipped ({@code chat}) against the raw baseline.
 */
public final class SuiteTable {

    /** The target every ratio is taken against. */
    public static final String BASELINE = "baseline";

    /** The key the table derives, in every run that has the server's CPU share: server CPU µs per delivery. */
    public static final String CPU_PER_DELIVERY = "serverCpuUsPerDelivery";

    /**
     * One row of a case.
     *
     * @param goalRatios  the goal per target name, {@code *} for every target; empty for none
     */
    private record Metric(
            String key, String title, boolean higherIsBetter, String goal, Map<String, Double> goalRatios) {

        Metric(String key, String title, boolean higherIsBetter, String goal, double goalRatio) {
            this(key, title, higherIsBetter, goal, goalRatio == 0 ? Map.of() : Map.of("*", goalRatio));
        }

        Double goalRatio(String target) {
            return goalRatios.getOrDefault(target, goalRatios.get("*"));
        }
    }

    private SuiteTable() {}

    /**
     * @param lines  {@code CASE<TAB>TARGET<TAB>REP<TAB>{json}}; blank lines and lines starting with # are skipped
     * @return the table
     * @throws IllegalArgumentException for a malformed line, naming it
     */
    public static String render(List<String> lines) {
        Map<String, Map<String, List<JsonObject>>> byCase = new LinkedHashMap<>();
        Set<String> targets = new LinkedHashSet<>();
        targets.add(BASELINE);
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 4);
            if (parts.length != 4) {
                throw new IllegalArgumentException(
                        "Malformed suite line '" + line + "': expected CASE TAB TARGET TAB REP TAB JSON");
            }
            targets.add(parts[1]);
            byCase.computeIfAbsent(parts[0], k -> new LinkedHashMap<>())
                    .computeIfAbsent(parts[1], k -> new ArrayList<>())
                    .add(withCpuPerDelivery(new JsonObject(parts[3])));
        }
        List<String> others = new ArrayList<>(targets);
        others.remove(BASELINE);
        StringBuilder sb = new StringBuilder();
        List<String> head = new ArrayList<>(List.of("case", "metric"));
        head.addAll(targets);
        others.forEach(t -> head.add(t + "/" + BASELINE));
        head.add("goal");
        List<List<String>> rows = new ArrayList<>();
        rows.add(head);
        byCase.forEach((name, runs) -> {
            for (Metric m : metrics(name)) {
                List<String> row = new ArrayList<>(List.of(name, m.title()));
                for (String t : targets) {
                    row.add(cell(runs.get(t), m));
                }
                Double base = median(runs.get(BASELINE), m.key());
                for (String t : others) {
                    Double v = median(runs.get(t), m.key());
                    row.add(ratio(v, base, m, t));
                }
                row.add(m.goal());
                rows.add(row);
            }
        });
        int[] widths = new int[head.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String fmt = i < 2 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
                sb.append(String.format(Locale.ROOT, fmt, row.get(i))).append(i + 1 < row.size() ? "  " : "\n");
            }
        }
        sb.append("medians over the repetitions; 'lost' and 'error frames' are the worst run, 'runs ok' the count\n");
        return sb.toString();
    }

    /**
     * Adds {@value #CPU_PER_DELIVERY} to a run that has the server's CPU share, its measured span and deliveries.
     *
     * @param run  one run's result
     * @return {@code run}
     */
    static JsonObject withCpuPerDelivery(JsonObject run) {
        Object cpu = run.getValue("serverCpuPct");
        Object seconds = run.getValue("seconds");
        Object delivered = run.getValue("delivered");
        if (!run.containsKey(CPU_PER_DELIVERY)
                && cpu instanceof Number c
                && seconds instanceof Number s
                && delivered instanceof Number d
                && d.longValue() > 0) {
            run.put(CPU_PER_DELIVERY, c.doubleValue() / 100 * s.doubleValue() * 1e6 / d.longValue());
        }
        return run;
    }

    private static List<Metric> metrics(String name) {
        Metric ok = new Metric("complete", "runs ok", true, "", 0);
        Metric lost = new Metric("lost", "lost (max)", false, "0", 0);
        // a message delivered but answered with an error (the chat's not_saved): not lost, and not what users want
        Metric errors = new Metric("errorFrames", "error frames (max)", false, "0", 0);
        Metric cpu = new Metric("clientCpuPct", "client cpu %", false, "", 0);
        Metric p99 = new Metric("p99Ms", "p99 ms", false, "", 0);
        Metric rate = new Metric("deliveriesPerSec", "deliveries/s", true, "", 0);
        Metric serverCpu = new Metric(CPU_PER_DELIVERY, "server µs/delivery", false, "", 0);
        return switch (name.isEmpty() ? ' ' : name.charAt(0)) {
            case 'B' ->
                List.of(
                        new Metric("deliveriesPerSec", "deliveries/s", true, ">= 0.90x", 0.9),
                        new Metric(
                                CPU_PER_DELIVERY,
                                "server µs/delivery",
                                false,
                                "tutorial <= 1.10x, chat <= 1.30x",
                                Map.of("tutorial", 1.1, "chat", 1.3)),
                        p99,
                        lost,
                        errors,
                        cpu,
                        ok);
            case 'R' ->
                List.of(new Metric("p99Ms", "p99 ms", false, "<= 1.50x", 1.5), rate, serverCpu, lost, errors, cpu, ok);
            case 'E' ->
                List.of(
                        new Metric("deliveriesPerSec", "round trips/s", true, ">= 0.90x", 0.9),
                        new Metric(
                                CPU_PER_DELIVERY,
                                "server µs/round trip",
                                false,
                                "tutorial <= 1.10x, chat <= 1.50x",
                                Map.of("tutorial", 1.1, "chat", 1.5)),
                        p99,
                        lost,
                        errors,
                        cpu,
                        ok);
            case 'I' ->
                List.of(
                        new Metric("rssPerConnKiB", "server KiB/conn", false, "<= 1.00x", 1.0),
                        new Metric("connectPerSec", "connects/s", true, "", 0),
                        cpu,
                        ok);
            case 'X' -> List.of(new Metric("deliveriesPerSec", "deliveries/s", true, ">= 0.50x", 0.5), p99, lost, ok);
            default -> List.of(rate, p99, lost, cpu, ok);
        };
    }

    private static String cell(List<JsonObject> runs, Metric m) {
        if (runs == null || runs.isEmpty()) {
            return "-";
        }
        if (m.key().equals("complete")) {
            long good =
                    runs.stream().filter(r -> r.getBoolean("complete", false)).count();
            return good + "/" + runs.size();
        }
        if (isCount(m)) {
            if (runs.stream().noneMatch(r -> r.containsKey(m.key()))) {
                return "-"; // no run got as far as counting
            }
            return String.format(
                    Locale.ROOT,
                    "%,d",
                    runs.stream().mapToLong(r -> r.getLong(m.key(), 0L)).max().orElse(0));
        }
        Double v = median(runs, m.key());
        return v == null ? "-" : format(v);
    }

    /** Counts that must be 0: the table gives their worst run, not a median or a ratio. */
    private static boolean isCount(Metric m) {
        return m.key().equals("lost") || m.key().equals("errorFrames");
    }

    static Double median(List<JsonObject> runs, String key) {
        if (runs == null) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (JsonObject r : runs) {
            Object v = r.getValue(key);
            if (v instanceof Number n) {
                values.add(n.doubleValue());
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static String ratio(Double v, Double base, Metric m, String target) {
        if (v == null || base == null || base == 0 || isCount(m) || m.key().equals("complete")) {
            return "-";
        }
        double r = v / base;
        Double goal = m.goalRatio(target);
        String verdict = goal == null ? "" : (m.higherIsBetter() ? r >= goal : r <= goal) ? " ok" : " MISS";
        return String.format(Locale.ROOT, "%.2f%s", r, verdict);
    }

    private static String format(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
