// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one rehearsal needs: where the programs are, the ports (loopback only), the shape of the traffic and
 * what happens to the nodes.
 *
 * @param root the repository's root, where the chat processes run (for {@code conf/switchboard.json})
 * @param chatJar the chat jar
 * @param haproxy the HAProxy program
 * @param dir a directory for this run: the nodes' logs, HAProxy's configuration and socket, an H2 database
 * @param scenario what happens to the nodes
 * @param nodes the nodes running from the start (3); {@link Scenario#SCALE} starts one more
 * @param rooms the rooms
 * @param pagesPerRoom the logged-in pages in each room, each sending in turn
 * @param rate messages per second into each room
 * @param steady how long the traffic runs before, between and after the steps of the scenario
 * @param check the balancer's health check
 * @param balancerPort the port the pages connect to
 * @param ports for each node that may run, its HTTP, Hazelcast and management ports, one node after the other
 * @param settings more {@code SWITCHBOARD_*} variables for every node: the database, the drain period
 */
public record RehearsalPlan(
        Path root,
        Path chatJar,
        Path haproxy,
        Path dir,
        Scenario scenario,
        int nodes,
        int rooms,
        int pagesPerRoom,
        int rate,
        Duration steady,
        HealthCheck check,
        int balancerPort,
        List<Integer> ports,
        Map<String, String> settings) {

    /** Ports each node takes: HTTP, Hazelcast, management. */
    public static final int PORTS_PER_NODE = 3;

    public RehearsalPlan {
        ports = List.copyOf(ports);
        settings = Map.copyOf(settings);
        if (ports.size() < slots(scenario, nodes) * PORTS_PER_NODE) {
            throw new IllegalArgumentException(
                    "need " + slots(scenario, nodes) * PORTS_PER_NODE + " node ports, got " + ports.size());
        }
    }

    /** @return how many nodes may run: one more than at the start when scaling */
    public static int slots(Scenario scenario, int nodes) {
        return scenario == Scenario.SCALE ? nodes + 1 : nodes;
    }

    /** @return how many nodes may run in this plan */
    public int slots() {
        return slots(scenario, nodes);
    }
}
