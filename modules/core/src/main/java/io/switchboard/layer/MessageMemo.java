// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer;

import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * Work derived from a layer message, done once for every member of a group on this node rather than once per
 * member: a group send hands every local member the same read-only message, and a backend whose messages share
 * one backing map implements this interface on that map.
 *
 * <p>Threading: members on different event loops may ask at once; both may compute, and one result is kept. The
 * computation must therefore be a pure function of the message.
 */
public interface MessageMemo {

    /**
     * Returns the value computed for a key, computing it if needed.
     *
     * @param key identifies the computation; compared by identity, so keep it in a constant
     * @param compute makes the value from the message
     * @param <T> the value's type
     * @return the remembered or computed value
     */
    <T> T memo(Object key, Supplier<T> compute);

    /**
     * Memoizes on a message when its backend supports it, and simply computes otherwise.
     *
     * @param message a message delivered by a layer
     * @param key identifies the computation; compared by identity
     * @param compute makes the value from the message
     * @param <T> the value's type
     * @return the value
     */
    static <T> T of(JsonObject message, Object key, Supplier<T> compute) {
        return message.getMap() instanceof MessageMemo memo ? memo.memo(key, compute) : compute.get();
    }
}
