// SPDX-License-Identifier: Apache-2.0
package io.switchboard.layer.redis.impl;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * channels_redis' shard choice ({@code _consistent_hash}): the low 12 bits of the CRC32 of the name's UTF-8 bytes,
 * scaled onto the host list. With one host the index is 0 without hashing.
 */
public final class Sharding {

    private Sharding() {}

    /**
     * The index of the shard that holds a name.
     *
     * @param name a group name, a channel name or a non-local part, exactly as channels_redis hashes it
     * @param shards the number of hosts, at least 1
     * @return an index in {@code [0, shards)}
     */
    public static int index(String name, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be > 0, was " + shards);
        }
        if (shards == 1) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        long twelveBits = crc.getValue() & 0xFFF;
        // Python: int(bigval / (4096 / float(ring_size))), in double precision
        double divisor = 4096 / (double) shards;
        return (int) (twelveBits / divisor);
    }
}
