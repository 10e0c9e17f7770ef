// SPDX-License-Identifier: Apache-2.0
package io.switchboard.bench.impl;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load generator's parsed command line ({@link ScenarioCommand} and its subclasses check every value); every
 * target and source address must be on loopback.
 *
 * @param scenario  what to run
 * @param urls  server base URLs ({@code ws://127.0.0.1:8080}); members go round-robin over them
 * @param path  the WebSocket path, {@code {room}} replaced by the room name
 * @param rooms  rooms (echo: one per connection)
 * @param members  members per room (echo: 1; idle: 0, connections go round-robin over the rooms)
 * @param connections  connections to open (rooms x members, or idle's count)
 * @param messages  messages per sender
 * @param window  closed loop: a sender's own messages in flight at most
 * @param rate  offered deliveries per second over all rooms; 0 for closed loop
 * @param durationSeconds  rate mode: stop sending after this long
 * @param size  pad message texts to this many characters (0: no padding)
 * @param warmupSeconds  unmeasured traffic before the measurement
 * @param drainSeconds  after sending, or in a stalled closed loop, wait this long for missing deliveries
 * @param deadlineSeconds  the whole run ends by then, finished or not
 * @param threads  client event loops
 * @param connectConcurrency  connection attempts in flight at most
 * @param serverPid  server process for memory and CPU readings; 0 for none
 * @param holdSeconds  idle: how long connections stay open before the memory reading
 * @param localAddresses  source addresses to bind, empty for the kernel's choice
 * @param label  free text copied into the result
 * @param quiet  no progress lines
 */
public record BenchOptions(
        Scenario scenario,
        List<URI> urls,
        String path,
        int rooms,
        int members,
        int connections,
        int messages,
        int window,
        double rate,
        double durationSeconds,
        int size,
        double warmupSeconds,
        double drainSeconds,
        double deadlineSeconds,
        int threads,
        int connectConcurrency,
        long serverPid,
        double holdSeconds,
        List<String> localAddresses,
        String label,
        boolean quiet) {

    /** Connections per source address at most (the ephemeral port range here holds about 28,000). */
    public static final int PER_ADDRESS = 20_000;

    /** @return true when messages are sent at {@link #rate} rather than in a closed loop */
    public boolean openLoop() {
        return rate > 0;
    }

    static URI loopbackUrl(String raw) {
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url '" + raw + "' is not a URL; use ws://127.0.0.1:8080", e);
        }
        if (!"ws".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException("--url '" + raw + "' must be ws://HOST:PORT, e.g. ws://127.0.0.1:8080");
        }
        if (!isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(
                    "Refusing non-loopback target '" + raw + "': the bench only drives 127.0.0.0/8 or ::1");
        }
        return uri;
    }

    static List<String> localAddresses(String spec, int connections) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none")) {
            return List.of();
        }
        if (s.equals("auto")) {
            int needed = (connections + PER_ADDRESS - 1) / PER_ADDRESS;
            List<String> out = new ArrayList<>();
            for (int i = 0; needed > 1 && i < needed; i++) {
                out.add("127.0.0." + (2 + i));
            }
            return List.copyOf(out);
        }
        List<String> out = new ArrayList<>();
        for (String a : spec.split(",")) {
            String address = a.trim();
            if (!isLoopback(address)) {
                throw new IllegalArgumentException(
                        "--local-addresses '" + address + "' is not a loopback address; use 127.0.0.2, 127.0.0.3, ...");
            }
            out.add(address);
        }
        if ((long) out.size() * PER_ADDRESS < connections) {
            throw new IllegalArgumentException("--local-addresses " + out + " give room for " + out.size() * PER_ADDRESS
                    + " connections, " + connections + " wanted; add addresses or use auto");
        }
        return List.copyOf(out);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
