// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.kernel;

import java.util.function.Supplier;

/**
 * One remembered computation for a shared message. One slot is enough: a consumer class renders a group message
 * one way. Two threads may compute at once; one result is kept, which is harmless for a pure computation.
 */
public final class MemoSlot {

    private volatile Object[] slot;

    /**
     * Returns the value remembered for the key, computing and remembering it otherwise.
     *
     * @param key compared by identity
     * @param compute makes the value
     * @param <T> the value's type
     * @return the value
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(Object key, Supplier<T> compute) {
        Object[] current = slot;
        if (current != null && current[0] == key) {
            return (T) current[1];
        }
        T value = compute.get();
        slot = new Object[] {key, value};
        return value;
    }
}
