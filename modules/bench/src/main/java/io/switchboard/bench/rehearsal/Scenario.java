// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

/** What the rehearsal does to the nodes while the rooms are busy. */
public enum Scenario {
    /** Restarts every node in turn as a rolling update does: SIGTERM, wait for the exit, start, wait until ready. */
    ROLLING,
    /** {@code kill -9} of one node; it is started again once the balancer has taken it out, as its pod would be. */
    KILL,
    /** Starts one more node and opens new pages once it is ready: they spread onto it, the others stay put. */
    SCALE
}
