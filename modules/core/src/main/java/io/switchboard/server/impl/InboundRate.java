// SPDX-License-Identifier: Apache-2.0
package io.switchboard.server.impl;

import io.switchboard.server.ServerOptions;
import java.util.function.LongSupplier;

/**
 * The inbound rate limit of one socket: two token buckets, frames and bytes, refilled continuously. Control frames
 * count like any other. Runs on the socket's event loop.
 */
final class InboundRate {

    /** Which bucket ran dry, as the error frame names it. */
    static final String MESSAGES = "messages";

    static final String BYTES = "bytes";

    private final double framesPerNano;
    private final double bytesPerNano;
    private final double frameBurst;
    private final double byteBurst;
    private double frames;
    private double bytes;
    private long refilledAt;
    /** Whether both buckets were full when the last frame came, before it took its share. */
    private boolean rested;

    /** Nanoseconds, {@link System#nanoTime} outside tests. */
    private final LongSupplier clock;

    private InboundRate(ServerOptions options, LongSupplier clock) {
        this.clock = clock;
        this.framesPerNano = options.getRateMessages() / 1e9;
        this.bytesPerNano = options.getRateBytes() / 1e9;
        this.frameBurst = framesPerNano > 0 ? options.getRateBurst() : Double.MAX_VALUE;
        this.byteBurst = bytesPerNano > 0 ? options.getRateBytesBurst() : Double.MAX_VALUE;
        this.frames = frameBurst;
        this.bytes = byteBurst;
        this.refilledAt = clock.getAsLong();
    }

    /**
     * @param options the limits
     * @return the limit, or {@code null} when both rates are off
     */
    static InboundRate of(ServerOptions options) {
        return of(options, System::nanoTime);
    }

    /**
     * @param options the limits
     * @param clock nanoseconds
     * @return the limit, or {@code null} when both rates are off
     */
    static InboundRate of(ServerOptions options, LongSupplier clock) {
        return options.getRateMessages() == 0 && options.getRateBytes() == 0 ? null : new InboundRate(options, clock);
    }

    /**
     * Takes one frame of the given size from the buckets.
     *
     * @param size the frame's payload, in bytes
     * @return {@code null} if it is within the limits, else the name of the limit it passed (nothing is taken)
     */
    String take(int size) {
        long now = clock.getAsLong();
        long elapsed = now - refilledAt;
        refilledAt = now;
        frames = Math.min(frameBurst, frames + elapsed * framesPerNano);
        bytes = Math.min(byteBurst, bytes + elapsed * bytesPerNano);
        rested = frames >= frameBurst && bytes >= byteBurst;
        if (frames < 1) {
            return MESSAGES;
        }
        if (bytes < size) {
            return BYTES;
        }
        frames -= 1;
        bytes -= size;
        return null;
    }

    /** @return whether both buckets were full again when the last frame came: the client had backed off */
    boolean rested() {
        return rested;
    }
}
