package io.nija.core.engine;

import io.nija.core.order.Fill;
import io.nija.core.order.OrderLeg;
import io.nija.core.time.Clock;
import io.nija.core.venue.OrderStreams;
import io.nija.core.venue.VenueAccount;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the venues' private streams change in how the engine follows resting orders: while the account's stream is
 * healthy, REST asks about a resting leg only as a safety net (every {@code safetyInterval}) instead of backing off
 * from one second; and when such a REST answer shows fills older than {@code grace} that the stream never pushed,
 * the stream is reported as stalled (a silent stream keeps its heartbeats, so only the data can give it away).
 */
final class StreamFeed {
    private final AccountDirectory accounts;
    private final Clock clock;
    private volatile OrderStreams streams = OrderStreams.NONE;
    private volatile Duration safetyInterval = Duration.ofSeconds(30);
    private volatile Duration grace = Duration.ofSeconds(5);
    /** When each (user, venue) stream last came up: fills from before were missed while it was away, as expected. */
    private final java.util.Map<String, java.time.Instant> upSince = new java.util.concurrent.ConcurrentHashMap<>();

    StreamFeed(AccountDirectory accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    void use(OrderStreams streams, Duration safetyInterval, Duration grace) {
        this.streams = streams == null ? OrderStreams.NONE : streams;
        this.safetyInterval = safetyInterval;
        this.grace = grace;
    }

    /** The wait before the next REST question about a resting leg while its stream is healthy; empty otherwise. */
    Optional<Duration> followUpWait(String userId, OrderLeg leg) {
        OrderStreams s = streams;
        if (s == OrderStreams.NONE) {
            return Optional.empty();
        }
        Optional<VenueAccount> account = accounts.account(userId, leg.venue());
        return account.isPresent() && s.healthy(account.get()) ? Optional.of(safetyInterval) : Optional.empty();
    }

    /** The account's stream came up (now) or went down. */
    void streamChanged(VenueAccount account, boolean up) {
        String key = account.userId() + "\u0000" + account.venue();
        if (up) {
            upSince.put(key, clock.now());
        } else {
            upSince.remove(key);
        }
    }

    /** A REST answer brought fills the leg did not have: if the stream claims health and they are old, it missed them. */
    void restFoundFills(String userId, OrderLeg leg, List<Fill> newFills) {
        OrderStreams s = streams;
        if (s == OrderStreams.NONE || newFills.isEmpty()) {
            return;
        }
        java.time.Instant cutoff = clock.now().minus(grace);
        java.time.Instant since = upSince.get(userId + "\u0000" + leg.venue());
        // Fills from before the stream (last) came up were the catch-up's to find; fills younger than the grace may
        // still be on their way through the stream.
        Fill oldest = newFills.stream().filter(f -> since == null || !f.time().isBefore(since))
                .filter(f -> f.time().isBefore(cutoff)).min(java.util.Comparator.comparing(Fill::time)).orElse(null);
        if (oldest == null) {
            return;
        }
        accounts.account(userId, leg.venue()).ifPresent(a -> {
            if (s.healthy(a)) {
                s.suspect(a, "REST found fill " + oldest.fillId() + " of " + leg.clientOrderId()
                        + " that the stream did not deliver");
            }
        });
    }
}
