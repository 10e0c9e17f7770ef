// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The human table printed at the end of a run, made from the run's JSON result. */
public final class ResultTable {

    private ResultTable() {}

    /**
     * @param r  a result from {@code LoadGenerator.run}
     * @return the table, several lines
     */
    public static String format(JsonObject r) {
        StringBuilder sb = new StringBuilder();
        row(sb, "scenario", r.getString("scenario") + "  " + shape(r));
        row(sb, "targets", String.valueOf(r.getValue("urls")));
        row(sb, "complete", r.getBoolean("complete", false) ? "yes" : "NO: " + r.getString("stopReason"));
        if (r.containsKey("firstError")) {
            row(sb, "first error", r.getString("firstError"));
        }
        row(
                sb,
                "connections",
                String.format(
                        Locale.ROOT,
                        "%,d connected, %,d failed, %,.0f connects/s",
                        r.getInteger("connected", 0),
                        r.getInteger("connectFailures", 0),
                        r.getDouble("connectPerSec", 0.0)));
        if (r.containsKey("delivered")) {
            row(
                    sb,
                    "deliveries",
                    String.format(
                            Locale.ROOT,
                            "%,d in %.2f s = %,d /s  (%,d messages sent)",
                            r.getLong("delivered"),
                            r.getDouble("seconds"),
                            r.getLong("deliveriesPerSec"),
                            r.getLong("sent")));
            row(
                    sb,
                    "latency ms",
                    String.format(
                            Locale.ROOT,
                            "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f",
                            r.getDouble("p50Ms"),
                            r.getDouble("p90Ms"),
                            r.getDouble("p99Ms"),
                            r.getDouble("p999Ms"),
                            r.getDouble("maxMs"),
                            r.getDouble("meanMs")));
            row(
                    sb,
                    "accounting",
                    String.format(
                            Locale.ROOT,
                            "lost %,d  duplicated %,d  out of order %,d  misrouted %,d  foreign frames %,d"
                                    + " (errors %,d)",
                            r.getLong("lost"),
                            r.getLong("duplicates"),
                            r.getLong("outOfOrder"),
                            r.getLong("misrouted"),
                            r.getLong("foreignFrames"),
                            r.getLong("errorFrames", 0L)));
        }
        if (r.containsKey("closedEarly")) {
            row(
                    sb,
                    "held",
                    String.format(
                            Locale.ROOT,
                            "%,d closed by the server or network before the end",
                            r.getInteger("closedEarly")));
        }
        if (r.containsKey("rssPerConnKiB")) {
            row(
                    sb,
                    "server rss",
                    String.format(
                            Locale.ROOT,
                            "%,d KiB before, %,d KiB after = %.1f KiB per connection",
                            r.getLong("serverRssBeforeKiB"),
                            r.getLong("serverRssAfterKiB"),
                            r.getDouble("rssPerConnKiB")));
        }
        String server = r.containsKey("serverCpuPct")
                ? String.format(Locale.ROOT, "  server cpu %.0f%%", r.getDouble("serverCpuPct"))
                : "";
        row(
                sb,
                "client cpu",
                String.format(
                        Locale.ROOT,
                        "%.0f%% of %d%% (%d cores)%s%s",
                        r.getDouble("clientCpuPct", 0.0),
                        100 * r.getInteger("clientCores"),
                        r.getInteger("clientCores"),
                        server,
                        r.getDouble("clientCpuPct", 0.0) > 80.0 * r.getInteger("clientCores")
                                ? "  <- the client may be the bottleneck"
                                : ""));
        return sb.toString();
    }

    private static String shape(JsonObject r) {
        String scenario = r.getString("scenario");
        if ("idle".equals(scenario)) {
            return String.format(
                    Locale.ROOT,
                    "%,d connections in %,d rooms, held %.0f s",
                    r.getInteger("connections"),
                    r.getInteger("rooms"),
                    r.getDouble("holdSeconds"));
        }
        if ("echo".equals(scenario)) {
            return String.format(
                    Locale.ROOT,
                    "%,d connections x %,d round trips",
                    r.getInteger("connections"),
                    r.getInteger("messages"));
        }
        double rate = r.getDouble("rateOffered", 0.0);
        return String.format(
                Locale.ROOT,
                "%,d rooms x %,d members x %,d messages, %s",
                r.getInteger("rooms"),
                r.getInteger("members"),
                r.getInteger("messages"),
                rate > 0
                        ? String.format(
                                Locale.ROOT,
                                "%,.0f deliveries/s offered for up to %.0f s",
                                rate,
                                r.getDouble("durationSeconds"))
                        : "closed loop, window " + r.getInteger("window"));
    }

    private static void row(StringBuilder sb, String name, String value) {
        sb.append(String.format(Locale.ROOT, "  %-12s %s%n", name, value));
    }
}
