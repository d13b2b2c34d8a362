package io.nija.core.cluster;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Users are split into a fixed number of shards; instances lease shards, never single users. The count is fixed
 * (the lease rows are created for it once) so that a user's shard never changes while instances come and go.
 */
public final class Shards {
    /** How many shards there are: enough to spread over a few dozen instances, few enough to list in one answer. */
    public static final int COUNT = 64;

    private Shards() {
    }

    /** The user's shard: CRC32 of the id, so every instance (and any other language) computes the same one. */
    public static int of(String userId) {
        CRC32 crc = new CRC32();
        crc.update(userId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % COUNT);
    }
}
