package io.nija.core.cluster;

/** What a write of a shard's order state must carry: the shard, its owner and the owner's fencing token. */
public record Fence(int shard, String owner, long token) {
}
