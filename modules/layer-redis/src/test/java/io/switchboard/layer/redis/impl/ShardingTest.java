// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ShardingTest {

    private static final int[] RING_SIZES = {1, 2, 3, 4, 5, 7, 16};

    /**
     * Shard indexes for ring sizes 1, 2, 3, 4, 5, 7 and 16, computed once with the real package:
     * {@code channels_redis.utils._consistent_hash(value, n)} (Debian's python3-channels-redis 4.0.0).
     */
    private static final Map<String, int[]> PYTHON = new LinkedHashMap<>();

    static {
        PYTHON.put("chat_lobby", new int[] {0, 1, 1, 2, 2, 3, 8});
        PYTHON.put("room", new int[] {0, 0, 0, 0, 0, 0, 1});
        PYTHON.put("specific.abc!", new int[] {0, 1, 2, 3, 4, 6, 14});
        PYTHON.put("specific.0123456789abcdef0123456789abcdef!", new int[] {0, 0, 1, 1, 1, 2, 5});
        PYTHON.put("asgi__group__chat_lobby", new int[] {0, 0, 0, 0, 0, 0, 1});
        PYTHON.put("a", new int[] {0, 1, 2, 3, 4, 6, 14});
        PYTHON.put("chat_room-1.x", new int[] {0, 0, 0, 1, 1, 2, 4});
        PYTHON.put("specific.ffffffffffffffffffffffffffffffff!", new int[] {0, 0, 0, 0, 0, 1, 2});
        PYTHON.put("sbtest__group__lobby", new int[] {0, 1, 2, 2, 3, 5, 11});
        PYTHON.put("é", new int[] {0, 1, 2, 3, 4, 5, 13});
    }

    @Test
    void indexesMatchChannelsRedisForEveryRingSize() {
        PYTHON.forEach((name, expected) -> {
            for (int i = 0; i < RING_SIZES.length; i++) {
                assertThat(Sharding.index(name, RING_SIZES[i]))
                        .as("%s with %d shards", name, RING_SIZES[i])
                        .isEqualTo(expected[i]);
            }
        });
    }

    @Test
    void specTestVectorsHold() {
        // wire spec §7: value -> index for n = 2 / 3 / 4 / 5
        assertThat(indexes("chat_lobby")).containsExactly(1, 1, 2, 2);
        assertThat(indexes("room")).containsExactly(0, 0, 0, 0);
        assertThat(indexes("specific.abc!")).containsExactly(1, 2, 3, 4);
        assertThat(indexes("specific.0123456789abcdef0123456789abcdef!")).containsExactly(0, 1, 1, 1);
        assertThat(indexes("asgi__group__chat_lobby")).containsExactly(0, 0, 0, 0);
    }

    @Test
    void ringSizeMustBePositive() {
        assertThatThrownBy(() -> Sharding.index("room", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] indexes(String name) {
        return new int[] {
            Sharding.index(name, 2), Sharding.index(name, 3), Sharding.index(name, 4), Sharding.index(name, 5)
        };
    }
}
