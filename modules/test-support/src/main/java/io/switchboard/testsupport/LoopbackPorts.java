// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on the loopback address, for servers a test starts in another process or on a fixed port. They
 * come from below Linux's ephemeral range (32768 and up): a port the kernel handed out for an outgoing connection
 * could be taken again for the next one between its reservation and its use (a Hazelcast member connecting to
 * another took the port of a member started later), while a port below the range is only ever taken on purpose.
 */
public final class LoopbackPorts {

    /** The lowest port handed out. */
    static final int LOWEST = 20_000;
    /** One past the highest: the start of the ephemeral range. */
    static final int BELOW = 32_768;

    private LoopbackPorts() {}

    /** @return a port nothing listened on a moment ago */
    public static int free() {
        return free(1).get(0);
    }

    /**
     * Reserves ports together, so that they differ, and releases them for the test to use.
     *
     * @param count how many
     * @return distinct ports nothing listened on a moment ago
     */
    public static List<Integer> free(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int attempt = 0; ports.size() < count; attempt++) {
                if (attempt == 1000) {
                    throw new IllegalStateException(
                            "No free loopback port between " + LOWEST + " and " + BELOW + " after 1000 tries");
                }
                int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW);
                try {
                    ServerSocket socket = new ServerSocket();
                    sockets.add(socket);
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                    ports.add(port);
                } catch (IOException taken) {
                    // in use: another
                }
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // released as far as it goes
                }
            }
        }
    }
}
