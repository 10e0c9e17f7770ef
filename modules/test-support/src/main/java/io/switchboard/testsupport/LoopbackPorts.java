// SPDX-License-Identifier: Apache-2.0
package io.switchboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on the loopback address, for servers a test starts in another process or on a fixed port. */
public final class LoopbackPorts {

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
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reserve loopback ports", e);
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
