// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Objects;

/** Starts the client for one run, runs the scenario, closes the client and returns the result. */
public final class RunDriver {

    private static final int SPARE_FILES = 128;

    private RunDriver() {}

    /**
     * Runs one scenario. Blocking, bounded by {@code options.deadlineSeconds()} plus the time to close connections.
     *
     * @param options  what to run
     * @param out  where progress lines go
     * @return the JSON result
     * @throws IllegalArgumentException when this process may not open enough files for the connections
     * @throws Exception when the client cannot start
     */
    public static JsonObject run(BenchOptions options, PrintStream out) throws Exception {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(out, "out");
        long limit = ProcessProbe.openFileLimit();
        if (limit > 0 && options.connections() + SPARE_FILES > limit) {
            throw new IllegalArgumentException("The run needs about " + (options.connections() + SPARE_FILES)
                    + " open files but this process may open " + limit
                    + "; raise the soft limit with ulimit -n (up to ulimit -Hn) or use fewer connections");
        }
        JsonObject result = describe(options);
        Fleet fleet = Fleet.create(options);
        try {
            if (options.scenario() == Scenario.IDLE) {
                new IdleRun(options, fleet, out).run(result);
            } else {
                new BroadcastRun(options, fleet, out).run(result);
            }
        } finally {
            fleet.close();
        }
        result.put("connected", Math.max(result.getInteger("connected", 0), fleet.connected.get()))
                .put("connectFailures", fleet.failures.get());
        String error = fleet.firstError.get();
        if (error != null) {
            result.put("firstError", error.length() > 300 ? error.substring(0, 300) : error);
        }
        return result;
    }

    private static JsonObject describe(BenchOptions o) {
        JsonArray urls = new JsonArray();
        o.urls().forEach(u -> urls.add(u.toString()));
        JsonObject r = new JsonObject()
                .put("scenario", o.scenario().cliName())
                .put("label", o.label())
                .put("urls", urls)
                .put("connections", o.connections())
                .put("rooms", o.rooms());
        if (o.scenario() == Scenario.IDLE) {
            r.put("holdSeconds", o.holdSeconds());
        } else {
            r.put("members", o.members())
                    .put("messages", o.messages())
                    .put("window", o.openLoop() ? 0 : o.window())
                    .put("rateOffered", o.rate())
                    .put("durationSeconds", o.durationSeconds())
                    .put("sizeChars", o.size())
                    .put("warmupSeconds", o.warmupSeconds());
        }
        return r.put("clientThreads", o.threads())
                .put("clientCores", Runtime.getRuntime().availableProcessors())
                .put("localAddresses", new JsonArray(o.localAddresses()))
                .put("serverPid", o.serverPid());
    }
}
