// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.rehearsal;

/**
 * How the balancer decides that a node takes connections, as a Service's readiness probe does: its lines of
 * HAProxy configuration and the port each node is checked on.
 */
public enum HealthCheck {
    /** {@code GET /health/ready} on the node's management port ({@code SWITCHBOARD_MANAGEMENT_PORT}): what the pods use. */
    READY("/health/ready", true),
    /**
     * {@code GET /chat/api/me} on the node's own port: the application answers 200 from the moment it listens until
     * it exits, draining included. A stand-in until the management port serves {@code /health/ready}.
     */
    APP("/chat/api/me", false),
    /** A TCP connection to the node's own port. */
    TCP(null, false);

    private final String path;
    private final boolean management;

    HealthCheck(String path, boolean management) {
        this.path = path;
        this.management = management;
    }

    /** @return the backend's lines that set the check up */
    String backendLines() {
        if (path == null) {
            return "";
        }
        return "    option httpchk\n"
                + "    http-check send meth GET uri " + path + "\n"
                + "    http-check expect status 200\n";
    }

    /** @return the port the node is checked on */
    int port(ChatNode node) {
        return management ? node.managementPort() : node.port();
    }
}
