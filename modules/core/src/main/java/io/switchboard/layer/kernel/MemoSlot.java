// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import java.util.function.Supplier;

/**
 * Remembered computations for a shared message: two, for what every reader computes once per message (its stream
 * position) and what a consumer class does with it (one rendering). Two threads may compute at once; one result is
 * kept, which is harmless for a pure computation.
 */
public final class MemoSlot {

    /** {key, value} pairs, the latest first; replaced whole, never changed in place. */
    private volatile Object[] slots;

    /**
     * Returns the value computed for a key, computing it if needed.
     *
     * @param key compared by identity
     * @param compute makes the value
     * @param <T> the value's type
     * @return the remembered or computed value
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(Object key, Supplier<T> compute) {
        Object[] current = slots;
        if (current != null) {
            if (current[0] == key) {
                return (T) current[1];
            }
            if (current.length > 2 && current[2] == key) {
                return (T) current[3];
            }
        }
        T value = compute.get();
        slots = current == null ? new Object[] {key, value} : new Object[] {key, value, current[0], current[1]};
        return value;
    }
}
