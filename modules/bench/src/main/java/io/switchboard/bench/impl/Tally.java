// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import io.vertx.core.json.JsonObject;

/**
 * The totals of a broadcast run, read from every lane on its own context once sending has stopped: unique,
 * duplicated, out-of-order and lost deliveries, frames that were not ours or came from another room, and the merged
 * latency histogram.
 */
final class Tally {

    long sent;
    long unique;
    long duplicates;
    long outOfOrder;
    long lost;
    long foreign;
    long errors;
    long misrouted;
    long lastDeliveryNanos;
    final LatencyStats latency = new LatencyStats();

    /** Blocking: main thread only, after sending has stopped. */
    static Tally collect(Fleet fleet, BenchOptions o) throws Exception {
        int[] sentBy = new int[o.connections()];
        Lanes.await(fleet, lane -> lane.members.forEach(m -> sentBy[m.id] = m.sent));
        Tally total = new Tally();
        int members = o.members();
        Lanes.await(fleet, lane -> {
            Tally part = new Tally();
            for (Member m : lane.members) {
                if (m.ledger == null) {
                    continue;
                }
                for (int s = 0; s < members; s++) {
                    part.lost += m.ledger.missing(s, sentBy[m.room * members + s]);
                }
                part.unique += m.ledger.unique();
                part.duplicates += m.ledger.duplicates();
                part.outOfOrder += m.ledger.outOfOrder();
            }
            part.foreign = lane.foreign;
            part.errors = lane.errors;
            part.misrouted = lane.misrouted;
            part.lastDeliveryNanos = lane.lastDeliveryNanos;
            part.latency.add(lane.latency);
            synchronized (total) {
                total.merge(part);
            }
        });
        synchronized (total) {
            return total;
        }
    }

    private void merge(Tally part) {
        unique += part.unique;
        duplicates += part.duplicates;
        outOfOrder += part.outOfOrder;
        lost += part.lost;
        foreign += part.foreign;
        errors += part.errors;
        misrouted += part.misrouted;
        if (part.lastDeliveryNanos != 0 && (lastDeliveryNanos == 0 || part.lastDeliveryNanos - lastDeliveryNanos > 0)) {
            lastDeliveryNanos = part.lastDeliveryNanos;
        }
        latency.add(part.latency);
    }

    /** Puts the totals into {@code result}; {@code seconds} is the measured span. */
    void into(JsonObject result, double seconds) {
        result.put("seconds", Math.round(seconds * 1000) / 1000.0)
                .put("sent", sent)
                .put("delivered", unique)
                .put("deliveriesPerSec", seconds <= 0 ? 0 : Math.round(unique / seconds))
                .put("lost", lost)
                .put("duplicates", duplicates)
                .put("outOfOrder", outOfOrder)
                .put("misrouted", misrouted)
                .put("foreignFrames", foreign)
                .put("errorFrames", errors)
                .put("p50Ms", round3(latency.percentileMillis(50)))
                .put("p90Ms", round3(latency.percentileMillis(90)))
                .put("p99Ms", round3(latency.percentileMillis(99)))
                .put("p999Ms", round3(latency.percentileMillis(99.9)))
                .put("maxMs", round3(latency.maxMillis()))
                .put("meanMs", round3(latency.meanMillis()));
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
