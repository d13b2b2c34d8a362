package io.nija.core.cluster;

import java.time.Instant;

/**
 * Work an instance that does not drive a user left in the store for the user's owner. It is durable: an owner that
 * dies before doing it leaves it to the next owner, which finds it on its first sweep.
 *
 * @param id     the store's number for it, oldest first
 * @param kind   what the owner is asked to do
 * @param userId whose order
 * @param orderId the order it concerns
 */
public record OwnerTask(long id, Kind kind, String userId, String orderId, Instant requestedAt) {
    public enum Kind {
        /**
         * An order stored by a non-owner's intake: the owner's trade-rate bucket decides before it is routed (an
         * entry over the rate is refused, an exit takes a trade only if one is there, as at the owner's own intake).
         */
        TRADE_RATE,
        /** A cancel of the order taken by a non-owner. */
        CANCEL;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind parse(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
