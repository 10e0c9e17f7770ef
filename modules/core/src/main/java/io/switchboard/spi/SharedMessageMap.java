// SPDX-License-Identifier: Apache-2.0
package io.switchboard.spi;

import io.switchboard.layer.MessageMemo;
import io.switchboard.layer.kernel.MemoSlot;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The backing map a backend gives the one read-only message it hands to every local member of a group send, so
 * that members share work derived from it ({@link MessageMemo}, for example a frame rendered once). Wraps a map
 * the backend already made read-only; writes throw {@link UnsupportedOperationException}.
 */
public final class SharedMessageMap extends AbstractMap<String, Object> implements MessageMemo {

    private final Map<String, Object> map;
    private final MemoSlot memo = new MemoSlot();

    /**
     * Wraps a read-only map.
     *
     * @param map the message's fields; not copied, so the caller must not change it afterwards
     */
    public SharedMessageMap(Map<String, Object> map) {
        this.map = Collections.unmodifiableMap(map);
    }

    @Override
    public <T> T memo(Object key, Supplier<T> compute) {
        return memo.memo(key, compute);
    }

    @Override
    public Object get(Object key) {
        return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return map.entrySet();
    }
}
