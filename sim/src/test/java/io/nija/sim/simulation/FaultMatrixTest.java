package io.nija.sim.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.VisibilityWindows;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.position.Position;
import io.nija.sim.fault.SimFaults;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4's fault matrix, as a deterministic simulation: the router over the six in-process simulated
 * exchanges with a virtual clock and seeded faults. For each fault the orders reach the expected final state,
 * no client order id is ever accepted twice by a venue, and the router's fills equal the venue's.
 */
class FaultMatrixTest {
    private static final StringBuilder REPORT = new StringBuilder("| fault | orders | filled | other final | duplicates | virtual time |\n|---|---|---|---|---|---|\n");

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("http 5xx on every call for 2 s", true, (Function<SimFaults, SimFaults>) f -> f.withHttp5xxRate(1.0)),
                Arguments.of("accept then timeout on every order for 2 s", false, (Function<SimFaults, SimFaults>) f -> f.withAcceptThenTimeoutRate(1.0)),
                Arguments.of("connection reset on every call for 2 s", true, (Function<SimFaults, SimFaults>) f -> f.withResetRate(1.0)),
                Arguments.of("rate-limit storm for 2 s", true, (Function<SimFaults, SimFaults>) f -> f.withRateLimitStorm(true)),
                Arguments.of("maintenance for 2 s", true, (Function<SimFaults, SimFaults>) f -> f.withMaintenance(true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void everyOrderFillsExactlyOnceThroughAFaultOnEveryVenue(String name, boolean blocksEveryVenue,
                                                             Function<SimFaults, SimFaults> fault) {
        try (RouterSimulation s = new RouterSimulation(41, false)) {
            s.users(20);
            // A running router has recent books and fees; the fault then strikes every venue at once.
            s.buy("user-0", "250");
            s.run(Duration.ofSeconds(1));
            s.sim.venueNames().forEach(v -> s.sim.setFaults(v, fault.apply(SimFaults.NONE)));
            for (int i = 0; i < 40; i++) {
                s.buy("user-" + (i % 20), "250");
            }
            s.run(Duration.ofSeconds(2));
            if (blocksEveryVenue) {
                // Nothing can fill while every venue refuses, and nothing may be given up either.
                assertThat(s.orders().subList(1, 41)).allSatisfy(o -> assertThat(o.status().isTerminal())
                        .as(o.orderId() + " " + o.status() + " " + o.statusReason()).isFalse());
            }
            s.sim.venueNames().forEach(v -> s.sim.setFaults(v, SimFaults.NONE));
            Duration took = s.run(Duration.ofSeconds(60));
            assertFinalAndExact(s, name, took, 1.0);
        }
    }

    @Test
    void aSlowVenueStillFillsAndItsMeasuredLatencySendsLaterOrdersElsewhere() {
        try (RouterSimulation s = new RouterSimulation(43, true)) {
            s.users(5);
            s.sim.setFaults("binance", SimFaults.NONE.withLatencyMs(800));
            String first = s.buy("user-0", "250");
            s.run(Duration.ofSeconds(10));
            Order o = s.store.findOrder(first).orElseThrow();
            assertThat(o.status()).isEqualTo(OrderStatus.FILLED);
            for (int i = 0; i < 10; i++) {
                s.buy("user-" + (i % 5), "250");
            }
            Duration took = s.run(Duration.ofSeconds(30));
            List<Order> later = s.orders().subList(1, 11);
            assertThat(later).allSatisfy(x -> assertThat(x.venue()).isNotEqualTo("binance"));
            assertFinalAndExact(s, "slow venue (800 ms on the cheapest venue)", took, 1.0);
        }
    }

    @Test
    void whenOneVenueFailsOrdersFailOverToTheOthersAndStillFillOnce() {
        try (RouterSimulation s = new RouterSimulation(59, false)) {
            s.users(10);
            s.buy("user-0", "250");
            s.run(Duration.ofSeconds(1));
            String first = s.orders().get(0).venue();
            s.sim.setFaults(first, SimFaults.NONE.withHttp5xxRate(1.0));
            for (int i = 0; i < 60; i++) {
                s.buy("user-" + (i % 10), "250");
            }
            s.run(Duration.ofSeconds(10));
            // Orders sent before the breaker opened may have reached the venue: they stay unknown until it answers.
            // Everything after that moved to another venue and filled.
            assertThat(s.orders()).allSatisfy(o -> assertThat(o.status()).isIn(OrderStatus.FILLED, OrderStatus.UNKNOWN));
            assertThat(s.orders().stream().filter(o -> o.status() == OrderStatus.FILLED && !o.venue().contains(first)))
                    .hasSizeGreaterThan(30);
            s.sim.setFaults(first, SimFaults.NONE);
            Duration took = s.run(Duration.ofSeconds(60));
            assertFinalAndExact(s, "http 5xx on the preferred venue only (failover)", took, 1.0);
        }
    }

    @Test
    void partiallyFilledOrdersAreFollowedUntilTheyFill() {
        try (RouterSimulation s = new RouterSimulation(47, false)) {
            s.users(3);
            // Large entries (below the TWAP threshold) walk past the top of the book and rest for the remainder.
            for (int i = 0; i < 6; i++) {
                s.buy("user-" + (i % 3), "9500");
            }
            Duration took = s.run(Duration.ofSeconds(60));
            assertFinalAndExact(s, "large orders (partial fills)", took, 1.0);
        }
    }

    @Test
    void underOnePercent5xxAndHalfAPercentLostAnswersAtLeast999PerMilleSucceedAnd99PercentFillWithinTenSeconds() {
        // These simulated venues show an order to reads the moment it exists (no read lag in this scenario), and the
        // router is configured to match, as a deployment sets each venue's window to how its reads behave; with the
        // production windows, the 1 % of sends answered 5xx would wait 15 to 30 s before being sent again.
        try (RouterSimulation s = new RouterSimulation(53, false, RouterSimulation.inline(EngineConfig.defaults()
                .withVisibility(VisibilityWindows.uniform(Duration.ofSeconds(1)))))) {
            s.users(200);
            s.sim.venueNames().forEach(v -> s.sim.setFaults(v, SimFaults.NONE.withHttp5xxRate(0.01).withAcceptThenTimeoutRate(0.005)));
            for (int i = 0; i < 2000; i++) {
                s.buy("user-" + (i % 200), "100");
            }
            Duration took = s.run(Duration.ofSeconds(10));
            // The design's 99.9 % execution success: at most 0.1 % of the orders failed or were rejected.
            long failed = s.orders().stream()
                    .filter(o -> o.status() == OrderStatus.FAILED || o.status() == OrderStatus.REJECTED).count();
            assertThat((double) failed / s.orders().size()).as("failed or rejected share").isLessThanOrEqualTo(0.001);
            // Filled within 10 s: 2 000 buys at once can take a venue's asks within the entries' 0.2 % band before
            // its book is read again (the router does not yet reserve the liquidity of its own orders in flight; see
            // docs/decisions.md), and then a few limit entries rest. Which ones depends on how the venue calls
            // interleave, so the bound is 99 % rather than every single one.
            assertFinalAndExact(s, "mix: 1 % 5xx + 0.5 % accept-then-timeout, 2000 signals", took, 0.99);
        }
    }

    @Test
    void underVisibilityLagLostAnswersAreResolvedByAskingAndNoOrderIsEverPlacedTwice() {
        // Every venue hides a new order from its reads for 2 s, loses 30 % of placement answers after acting on them,
        // and answers 300 ms late at random; Binance, OKX and Kraken accept a client order id again once its order
        // closed. The router waits out a 3 s window before it trusts "no such order".
        try (RouterSimulation s = new RouterSimulation(71, true, RouterSimulation.inline(EngineConfig.defaults()
                .withVisibility(VisibilityWindows.uniform(Duration.ofSeconds(3)))))) {
            s.users(20);
            SimFaults realistic = SimFaults.NONE.withVisibilityLagMs(2_000).withAcceptThenTimeoutRate(0.3)
                    .withLatencyJitterMs(300);
            s.sim.venueNames().forEach(v -> s.sim.setFaults(v, realistic));
            for (int i = 0; i < 60; i++) {
                s.buy("user-" + (i % 20), "250");
            }
            Duration took = s.run(Duration.ofSeconds(120));
            assertThat(s.orders()).as("some answers were lost").anySatisfy(o -> assertThat(o.legs())
                    .anySatisfy(l -> assertThat(s.store.venueRequests()).anySatisfy(r -> {
                        assertThat(r.legId()).isEqualTo(l.legId());
                        assertThat(r.outcome()).isEqualTo("unknown");
                    })));
            assertFinalAndExact(s, "visibility lag 2 s + 30 % lost answers + 300 ms jitter, all the run", took, 1.0);
        }
    }

    @Test
    void twoUsersWhoTradeWithEachOtherOnBinanceEachKeepTheirFillThoughBothCarryOneTradeId() {
        try (RouterSimulation s = new RouterSimulation(73, false)) {
            s.users(2);
            s.usersOnlyOn(2, java.util.Set.of("binance"));
            String buy = s.buy("user-0", "1000");
            s.run(Duration.ofSeconds(5));
            assertThat(s.store.findOrder(buy).orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
            // The house book all but vanishes: user-1's limit buy rests, and user-0's exit sells into it.
            s.sim.engine("binance").reshapeBook("BTCUSDT", BigDecimal.ZERO, new BigDecimal("0.000001"));
            String rest = s.buy("user-1", "500");
            s.run(Duration.ofSeconds(1));
            String exit = s.submit("user-0", io.nija.core.signal.Side.SELL, "200", io.nija.core.signal.SignalType.EXIT);
            s.run(Duration.ofSeconds(70));
            Order seller = s.store.findOrder(exit).orElseThrow();
            Order buyer = s.store.findOrder(rest).orElseThrow();
            var sellerIds = seller.legs().stream().flatMap(l -> l.fills().stream()).map(f -> f.fillId()).toList();
            var buyerIds = buyer.legs().stream().flatMap(l -> l.fills().stream()).map(f -> f.fillId()).toList();
            assertThat(sellerIds).as("the two sides of one trade carry the same Binance trade id; seller "
                            + seller.status() + " " + seller.statusReason() + " " + sellerIds + ", buyer " + buyer.status()
                            + " " + buyer.statusReason() + " " + buyerIds)
                    .containsAnyElementsOf(buyerIds);
            // Both users' fill rows are stored: keyed by (venue, trade id) the second one was dropped.
            assertThat(s.store.storedFills(exit)).hasSize(sellerIds.size());
            assertThat(s.store.storedFills(rest)).hasSize(buyerIds.size());
            assertFinalAndExact(s, "two users trade with each other on binance (shared trade ids)", Duration.ZERO, 0.0);
        }
    }

    private static void assertFinalAndExact(RouterSimulation s, String name, Duration took, double minFilled) {
        List<Order> orders = s.orders();
        long filled = orders.stream().filter(o -> o.status() == OrderStatus.FILLED).count();
        long otherFinal = orders.stream().filter(o -> o.status().isTerminal() && o.status() != OrderStatus.FILLED).count();
        Map<String, Long> duplicates = s.duplicatePlacements();
        REPORT.append("| ").append(name).append(" | ").append(orders.size()).append(" | ").append(filled).append(" | ")
                .append(otherFinal).append(" | ").append(duplicates.size()).append(" | ").append(took.toMillis()).append(" ms |\n");
        assertThat(duplicates).as("client order ids accepted twice").isEmpty();
        assertThat((double) filled / orders.size()).as(name + ": filled share; not filled: " + orders.stream()
                        .filter(o -> o.status() != OrderStatus.FILLED).limit(5)
                        .map(o -> o.orderId() + " " + o.status() + " " + o.legs().stream()
                                .map(l -> l.venue() + ":" + l.status() + ":" + l.statusReason()).toList()).toList())
                .isGreaterThanOrEqualTo(minFilled);
        Map<String, BigDecimal> expected = new HashMap<>();
        for (Order o : orders) {
            for (OrderLeg leg : o.legs()) {
                assertThat(leg.filledQty()).as("router's and venue's fills of " + leg.legId())
                        .isEqualByComparingTo(s.venueFilledQty(o, leg));
                BigDecimal signed = o.side() == io.nija.core.signal.Side.BUY ? leg.filledQty() : leg.filledQty().negate();
                expected.merge(o.userId() + "/" + leg.venue(), signed, BigDecimal::add);
            }
        }
        for (Position p : s.store.findPositions(null)) {
            assertThat(p.quantity()).as("position " + p.userId() + "/" + p.venue())
                    .isEqualByComparingTo(expected.getOrDefault(p.userId() + "/" + p.venue(), BigDecimal.ZERO));
        }
    }

    @AfterAll
    static void writeReport() throws IOException {
        Path out = Path.of("target", "fault-matrix-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "# Fault matrix (deterministic simulation)\n\n" + REPORT);
    }
}
