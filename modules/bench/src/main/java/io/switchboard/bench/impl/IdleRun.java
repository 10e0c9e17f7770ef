// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The idle scenario: open C connections (rooms round-robin), report the connect rate, hold them, and read the
 * server's resident memory before and after to give its memory per connection.
 */
final class IdleRun {

    private final BenchOptions o;
    private final Fleet fleet;
    private final Progress progress;

    IdleRun(BenchOptions options, Fleet fleet, PrintStream out) {
        this.o = options;
        this.fleet = fleet;
        this.progress = new Progress(out, options.quiet());
    }

    /** Runs the scenario and fills {@code result}. Blocking: call from the main thread. */
    void run(JsonObject result) {
        long start = System.nanoTime();
        long deadline = start + Progress.nanos(o.deadlineSeconds());
        long pid = o.serverPid();
        long rssBefore = pid > 0 ? ProcessProbe.rssKiB(pid) : -1;
        long cpu0 = ProcessProbe.ownCpuNanos();
        int n = o.connections();
        fleet.connectAll(m -> {});
        boolean all = progress.await(() -> fleet.connected.get() + fleet.failures.get() == n, deadline, () -> line(n));
        long connectedAt = System.nanoTime();
        long cpu1 = ProcessProbe.ownCpuNanos();
        int connected = fleet.connected.get();
        result.put("connected", connected)
                .put("connectSeconds", Math.round((connectedAt - start) / 1e6) / 1000.0)
                .put("connectPerSec", BroadcastRun.rate(connected, connectedAt - start))
                .put("clientCpuPct", BroadcastRun.round1(100.0 * (cpu1 - cpu0) / (connectedAt - start)));
        if (!all) {
            fleet.stopConnecting();
        }
        long holdUntil = Math.min(deadline, connectedAt + Progress.nanos(o.holdSeconds()));
        progress.await(() -> false, holdUntil, () -> line(n));
        long rssAfter = pid > 0 ? ProcessProbe.rssKiB(pid) : -1;
        result.put("closedEarly", fleet.closedEarly.get());
        if (rssBefore > 0 && rssAfter > 0) {
            result.put("serverRssBeforeKiB", rssBefore)
                    .put("serverRssAfterKiB", rssAfter)
                    .put(
                            "rssPerConnKiB",
                            connected == 0 ? 0 : Math.round(10.0 * (rssAfter - rssBefore) / connected) / 10.0);
        }
        boolean complete = all && fleet.failures.get() == 0 && fleet.closedEarly.get() == 0;
        result.put("complete", complete)
                .put(
                        "stopReason",
                        complete ? "complete" : !all ? "deadline while connecting" : "connections failed or closed");
    }

    private String line(int n) {
        String rss = o.serverPid() > 0
                ? String.format(Locale.ROOT, "  server rss %,d KiB", ProcessProbe.rssKiB(o.serverPid()))
                : "";
        return String.format(
                Locale.ROOT,
                "idle  connected %,d/%,d  failed %d  closed %d%s",
                fleet.connected.get(),
                n,
                fleet.failures.get(),
                fleet.closedEarly.get(),
                rss);
    }
}
