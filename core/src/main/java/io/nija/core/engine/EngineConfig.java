package io.nija.core.engine;

import io.nija.core.execution.ExecutorConfig;
import io.nija.core.routing.RoutingConfig;
import java.time.Duration;

/**
 * Tunables of the engine.
 *
 * @param statsWindow       executions per venue (and per venue+pair) the measured stats cover
 * @param bookMaxAge        how long a fetched order book is reused for routing
 * @param bookDepth         levels per side fetched for routing
 * @param resolveBackoff    first wait before asking a venue about an order whose fate is unknown (doubles, capped)
 * @param resolveBackoffMax longest wait between such questions
 * @param followUpInterval  how often an open (resting) order is asked about
 * @param maxSendAttempts   sends of one leg (same client order id) before it is failed
 * @param restingOrderTtl   how long a limit order may rest unfilled at a venue before its remainder is cancelled
 *                          (the market moved away from its price; the order ends cancelled, fills kept)
 * @param visibility        per venue, how long an accepted order may be missing from the venue's reads; a leg whose
 *                          send went unanswered is sent again only after the venue has not known it for longer
 * @param followUpMax       longest wait between questions about a resting order (the wait doubles from
 *                          {@code followUpInterval} while nothing changes, so resting legs do not spend the key's budget)
 * @param reconcileAccountsPerPass accounts per venue whose open orders one reconciliation pass reads (the next pass
 *                          goes on where it stopped), so reconciliation takes a bounded share of each venue's budget
 */
public record EngineConfig(RoutingConfig routing, ExecutorConfig executor, int statsWindow, Duration bookMaxAge,
                           int bookDepth, Duration resolveBackoff, Duration resolveBackoffMax,
                           Duration followUpInterval, int maxSendAttempts, Duration restingOrderTtl,
                           VisibilityWindows visibility, Duration followUpMax, int reconcileAccountsPerPass) {
    public static EngineConfig defaults() {
        return new EngineConfig(RoutingConfig.defaults(), ExecutorConfig.defaults(), 100, Duration.ofMillis(250), 20,
                Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(1), 3, Duration.ofSeconds(60),
                VisibilityWindows.defaults(), Duration.ofSeconds(16), 10);
    }

    public EngineConfig withVisibility(VisibilityWindows v) {
        return new EngineConfig(routing, executor, statsWindow, bookMaxAge, bookDepth, resolveBackoff, resolveBackoffMax,
                followUpInterval, maxSendAttempts, restingOrderTtl, v, followUpMax, reconcileAccountsPerPass);
    }

    public EngineConfig withFollowUpMax(Duration d) {
        return new EngineConfig(routing, executor, statsWindow, bookMaxAge, bookDepth, resolveBackoff, resolveBackoffMax,
                followUpInterval, maxSendAttempts, restingOrderTtl, visibility, d, reconcileAccountsPerPass);
    }

    public EngineConfig withRouting(RoutingConfig r) {
        return new EngineConfig(r, executor, statsWindow, bookMaxAge, bookDepth, resolveBackoff, resolveBackoffMax,
                followUpInterval, maxSendAttempts, restingOrderTtl, visibility, followUpMax, reconcileAccountsPerPass);
    }

    public EngineConfig withExecutor(ExecutorConfig e) {
        return new EngineConfig(routing, e, statsWindow, bookMaxAge, bookDepth, resolveBackoff, resolveBackoffMax,
                followUpInterval, maxSendAttempts, restingOrderTtl, visibility, followUpMax, reconcileAccountsPerPass);
    }

    public EngineConfig withRestingOrderTtl(Duration ttl) {
        return new EngineConfig(routing, executor, statsWindow, bookMaxAge, bookDepth, resolveBackoff, resolveBackoffMax,
                followUpInterval, maxSendAttempts, ttl, visibility, followUpMax, reconcileAccountsPerPass);
    }

    public EngineConfig withBookMaxAge(Duration d) {
        return new EngineConfig(routing, executor, statsWindow, d, bookDepth, resolveBackoff, resolveBackoffMax,
                followUpInterval, maxSendAttempts, restingOrderTtl, visibility, followUpMax, reconcileAccountsPerPass);
    }

    public EngineConfig withReconcileAccountsPerPass(int n) {
        return new EngineConfig(routing, executor, statsWindow, bookMaxAge, bookDepth, resolveBackoff, resolveBackoffMax,
                followUpInterval, maxSendAttempts, restingOrderTtl, visibility, followUpMax, n);
    }
}
