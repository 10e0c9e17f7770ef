// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Whether this process takes WebSocket clients now. A process that cannot do its job for a while, such as a node cut
 * off from its cluster, is <em>suspended</em>: every server instance closes its sockets with 1012
 * {@code service_restart}, in batches over {@code server.drainPeriod}, so that clients reconnect to a healthy
 * process and recover what they missed there; new handshakes are refused with 503 naming the reason; and
 * {@link #resume} takes clients again. One per process ({@link AppContext#availability()}); thread-safe.
 */
public final class Availability {

    private final List<Consumer<String>> suspendListeners = new CopyOnWriteArrayList<>();
    private volatile String suspension;

    /**
     * Suspends the process, unless it is suspended already.
     *
     * @param reason why, for the refusals and the logs, e.g. "cut off from its cluster"
     * @return whether this call suspended it
     */
    public boolean suspend(String reason) {
        Objects.requireNonNull(reason, "reason");
        synchronized (this) {
            if (suspension != null) {
                return false;
            }
            suspension = reason;
        }
        suspendListeners.forEach(listener -> listener.accept(reason));
        return true;
    }

    /**
     * Takes clients again.
     *
     * @return whether the process was suspended
     */
    public synchronized boolean resume() {
        boolean was = suspension != null;
        suspension = null;
        return was;
    }

    /** @return why the process is suspended, or {@code null} while it takes clients */
    public String suspension() {
        return suspension;
    }

    /**
     * Runs {@code listener} with the reason each time the process is suspended, on the suspending thread.
     *
     * @return a handle that removes the listener
     */
    public Runnable onSuspend(Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        suspendListeners.add(listener);
        return () -> suspendListeners.remove(listener);
    }
}
