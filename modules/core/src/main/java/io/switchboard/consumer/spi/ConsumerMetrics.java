// SPDX-License-Identifier: Apache-2.0
package io.switchboard.consumer.spi;

/**
 * What the consumer runtime tells a metrics backend: the time each consumer class's handlers take, and layer
 * messages dropped for consumers that could not keep up. The server's {@code ServerMetrics} extends it; {@link #NONE}
 * counts nothing. Called once per event: implementations MUST return at once and allocate nothing per call.
 */
public interface ConsumerMetrics {

    /** Counts nothing. */
    ConsumerMetrics NONE = new ConsumerMetrics() {};

    /** Times a consumer class's handlers. */
    interface HandlerTimer {
        /** Times nothing. */
        HandlerTimer NONE = nanos -> {};

        /**
         * One handler ran.
         *
         * @param nanos from its start until its future completed
         */
        void record(long nanos);
    }

    /** A layer message was dropped for a consumer that could not keep up (its connection closes with 4000). */
    default void droppedSlow() {}

    /**
     * The timer of a consumer class's handlers; asked once per connection.
     *
     * @param consumer the consumer's class
     * @return its timer
     */
    default HandlerTimer handlerTimer(Class<?> consumer) {
        return HandlerTimer.NONE;
    }
}
