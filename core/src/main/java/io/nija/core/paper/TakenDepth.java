package io.nija.core.paper;

import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * What paper fills have taken from a venue's public book recently. A paper order never reaches the venue, so the
 * venue's book does not shrink when a paper order "takes" it; without this, a second paper order a moment later would
 * be filled at the same best price again, as if the first had never traded. Each take is remembered for {@code
 * memory} (about how long a real book takes to refill what a taker removed, and how long the router's own
 * reservation of routed quantity lasts), and the levels are read net of it. Not thread safe: the paper desk holds its
 * lock around every use.
 */
final class TakenDepth {
    /** How long a paper take is remembered by default. */
    static final Duration DEFAULT_MEMORY = Duration.ofSeconds(30);

    private record Take(BigDecimal price, BigDecimal quantity, Instant at) {
    }

    private final Duration memory;
    /** Per symbol and book side (the side the takes came from: asks for buys, bids for sells), oldest first. */
    private final Map<String, Deque<Take>> takes = new HashMap<>();

    TakenDepth(Duration memory) {
        this.memory = memory;
    }

    /** What is left at one level of the book for a taker on {@code takerSide}, after the recent paper takes there. */
    BigDecimal available(String symbol, Side takerSide, BigDecimal price, BigDecimal levelQuantity, Instant now) {
        Deque<Take> q = recent(symbol, takerSide, now);
        BigDecimal taken = BigDecimal.ZERO;
        for (Take t : q) {
            if (t.price().compareTo(price) == 0) {
                taken = taken.add(t.quantity());
            }
        }
        return levelQuantity.subtract(taken).max(BigDecimal.ZERO);
    }

    void take(String symbol, Side takerSide, BigDecimal price, BigDecimal quantity, Instant now) {
        recent(symbol, takerSide, now).addLast(new Take(price, quantity, now));
    }

    private Deque<Take> recent(String symbol, Side takerSide, Instant now) {
        Deque<Take> q = takes.computeIfAbsent(symbol + "/" + takerSide, k -> new ArrayDeque<>());
        Instant horizon = now.minus(memory);
        while (!q.isEmpty() && !q.peekFirst().at().isAfter(horizon)) {
            q.removeFirst();
        }
        return q;
    }
}
