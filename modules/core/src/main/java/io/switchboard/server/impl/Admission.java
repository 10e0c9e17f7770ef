// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.switchboard.server.ServerOptions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the process's TCP connections and open WebSockets, in total and per client address, against the limits
 * of {@link ServerOptions}. One per process, shared by every server instance; any thread.
 */
public final class Admission {

    /** What an upgrade is answered. */
    public enum Verdict {
        /** Let it through; {@link #releaseSocket} when it ends. */
        ADMITTED,
        /** The process holds {@code maxConnections} sockets: 503. */
        FULL,
        /** This client address holds {@code maxConnectionsPerAddress} sockets: 429. */
        ADDRESS_FULL
    }

    private final int maxSockets;
    private final int maxTcp;
    private final int maxPerAddress;
    private final AtomicInteger tcp = new AtomicInteger();
    private final AtomicInteger sockets = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /**
     * Creates the counters.
     *
     * @param options the limits
     */
    public Admission(ServerOptions options) {
        this.maxSockets = options.maxConnections();
        this.maxTcp = maxSockets + options.getConnectionReserve();
        this.maxPerAddress = options.getMaxConnectionsPerAddress();
    }

    /** @return whether a new TCP connection may stay; if so, {@link #releaseTcp} when it closes */
    public boolean acceptTcp() {
        if (tcp.incrementAndGet() > maxTcp) {
            tcp.decrementAndGet();
            return false;
        }
        return true;
    }

    /** A TCP connection that {@link #acceptTcp} let in has closed. */
    public void releaseTcp() {
        tcp.decrementAndGet();
    }

    /**
     * Counts an upgrade from a client address, or refuses it.
     *
     * @param address the client's address
     * @return the verdict; only {@link Verdict#ADMITTED} was counted
     */
    public Verdict admitSocket(String address) {
        if (sockets.incrementAndGet() > maxSockets) {
            sockets.decrementAndGet();
            return Verdict.FULL;
        }
        if (maxPerAddress > 0) {
            AtomicInteger held = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (held.incrementAndGet() > maxPerAddress) {
                releaseSocket(address);
                return Verdict.ADDRESS_FULL;
            }
        }
        return Verdict.ADMITTED;
    }

    /**
     * An admitted upgrade was refused or its socket closed.
     *
     * @param address the address it was admitted for
     */
    public void releaseSocket(String address) {
        sockets.decrementAndGet();
        if (maxPerAddress > 0) {
            // the entry goes once its last socket does, so addresses seen once do not pile up
            perAddress.computeIfPresent(address, (a, held) -> held.decrementAndGet() <= 0 ? null : held);
        }
    }

    /** @return open WebSockets, counting upgrades under way */
    public int sockets() {
        return sockets.get();
    }

    /** @return open TCP connections, WebSockets included */
    public int tcpConnections() {
        return tcp.get();
    }

    /** @return the most open WebSockets */
    public int maxSockets() {
        return maxSockets;
    }
}
