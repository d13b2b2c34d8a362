package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.signal.Side;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.testing.ScriptedVenue.Step;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing on price inside the engine: dearer venues lose the flow, a burst spreads, split legs fail over alone. */
class BestExecutionEngineTest {
    final EngineHarness h = new EngineHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    ScriptedVenue add(String name, OrderBook book, Instrument i) {
        ScriptedVenue v = new ScriptedVenue(name, h.clock).list(i, book);
        h.addVenue(v);
        return v;
    }

    static OrderBook standard(Instrument i, int shift) {
        return Markets.book(i, String.valueOf(49990 + shift), String.valueOf(50000 + shift), "10", 3);
    }

    /** 0.02 BTC at {@code touch}, then nothing within the entry's 0.2 % limit: room for one $1 000 entry. */
    static OrderBook oneSlot(Instrument i, String touch) {
        return new OrderBook(i.venue(), i.symbol(), List.of(new PriceLevel(new BigDecimal("49990"), BigDecimal.TEN)),
                List.of(new PriceLevel(new BigDecimal(touch), new BigDecimal("0.02")),
                        new PriceLevel(new BigDecimal("50200"), BigDecimal.TEN)), Markets.T0);
    }

    @Test
    void equalVenuesShareTheFlowAndAVenueMadeDearerStopsGettingOrders() {
        Instrument btcKraken = Markets.btcUsd("kraken");
        Instrument btcOkx = Markets.btcUsd("okx");
        ScriptedVenue kraken = add("kraken", standard(btcKraken, 0), btcKraken);
        ScriptedVenue okx = add("okx", standard(btcOkx, 0), btcOkx);
        h.user("u1", new io.nija.core.user.UserLimits(true, Set.of(), Set.of(), new BigDecimal("25000"),
                new BigDecimal("100000"), new BigDecimal("5000"), 20, 100));
        h.start();
        List<String> venues = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            venues.add(h.awaitStatus(h.submit(h.buy("u1", "1000")), OrderStatus.FILLED).venue());
        }
        assertThat(venues).as("a tie goes round, not to the first name").containsExactlyInAnyOrder("binance", "kraken", "okx");

        kraken.list(btcKraken, standard(btcKraken, 30)); // 6 bps dearer
        h.scheduler.advance(Duration.ofSeconds(1));      // past the book cache
        int krakenPlaces = kraken.calls(ScriptedVenue.CallKind.PLACE).size();
        List<String> after = new ArrayList<>();
        String last = null;
        for (int i = 0; i < 6; i++) {
            last = h.submit(h.buy("u1", "1000"));
            after.add(h.awaitStatus(last, OrderStatus.FILLED).venue());
        }
        assertThat(after).doesNotContain("kraken").contains("binance", "okx");
        assertThat(kraken.calls(ScriptedVenue.CallKind.PLACE)).hasSize(krakenPlaces);
        assertThat(h.order(last).routeReason()).contains("on all-in price").contains("kraken");
        assertThat(okx.name()).isEqualTo("okx");
    }

    @Test
    void aBurstSpreadsOverTheVenuesInsteadOfRestingOnOneAndTheHoldsAreReleased() {
        h.binance.list(h.btcBinance, oneSlot(h.btcBinance, "50000"));
        Instrument btcKraken = Markets.btcUsd("kraken");
        Instrument btcOkx = Markets.btcUsd("okx");
        ScriptedVenue kraken = add("kraken", oneSlot(btcKraken, "50001"), btcKraken);
        ScriptedVenue okx = add("okx", oneSlot(btcOkx, "50002"), btcOkx);
        for (ScriptedVenue v : List.of(h.binance, kraken, okx)) {
            v.defaultStep(Step.rest()); // nothing fills: every leg keeps holding its quantity
        }
        List<String> ids = new ArrayList<>();
        for (String u : List.of("u1", "u2", "u3")) {
            h.user(u);
        }
        h.start();
        for (String u : List.of("u1", "u2", "u3")) {
            ids.add(h.submit(h.buy(u, "999")));
        }
        List<String> venues = new ArrayList<>();
        for (String id : ids) {
            venues.add(h.await(id, "is at a venue", o -> o.status() == OrderStatus.EXECUTING).venue());
        }
        // Without the holds, every entry would read binance's 0.02 BTC at 50 000 as free and rest behind the first.
        assertThat(venues).containsExactly("binance", "kraken", "okx");
        ReservationView r = new ReservationView(h.engine.marketData());
        assertThat(r.ledger().holds()).isEqualTo(3);
        assertThat(r.ledger().reserved("binance", Markets.BTC_USD, Side.BUY)).isEqualByComparingTo("0.01998");

        for (int i = 0; i < 3; i++) {
            h.engine.cancel(List.of("u1", "u2", "u3").get(i), ids.get(i));
        }
        for (String id : ids) {
            h.awaitStatus(id, OrderStatus.CANCELLED);
        }
        assertThat(r.ledger().holds()).as("released on cancel").isZero();
        assertThat(r.ledger().reserved("binance", Markets.BTC_USD, Side.BUY)).isEqualByComparingTo("0");
    }

    @Test
    void aSplitLegThatFailsIsReplannedForItsOwnShareOnlyAndTheOrderIsNeverExceeded() {
        // Two cheap venues share the entry; okx is dearer and left out until kraken's leg cannot be placed.
        h.binance.list(h.btcBinance, ladder(h.btcBinance, 50000));
        Instrument btcKraken = Markets.btcUsd("kraken");
        Instrument btcOkx = Markets.btcUsd("okx");
        ScriptedVenue kraken = add("kraken", ladder(btcKraken, 50005), btcKraken);
        add("okx", ladder(btcOkx, 50040), btcOkx);
        kraken.defaultStep(Step.unavailable());
        // Reads at these venues show an order as soon as it exists: one "no such order" is enough. One leg per venue
        // (no paired-leg bound, so shares are not cut into pieces): the places counted below are kraken's one leg's.
        EngineConfig defaults = EngineConfig.defaults();
        h.config = defaults.withVisibility(VisibilityWindows.uniform(Duration.ZERO))
                .withRouting(defaults.routing().withCosts(defaults.routing().costs().withMaxLegImbalance(null)));
        h.user("u1");
        h.start();
        String id = h.submit(h.buy("u1", "8000"));
        for (int round = 1; round <= h.config.maxSendAttempts(); round++) {
            int places = round;
            io.nija.core.testing.Eventually.until("place " + places + " answered",
                    () -> kraken.calls(ScriptedVenue.CallKind.PLACE).size() == places && h.scheduler.pending() == 1);
            h.settle();
            h.scheduler.advance(h.config.resolveBackoff().multipliedBy(1L << (round - 1)));
        }
        Order o = h.awaitStatus(id, OrderStatus.FILLED);
        OrderLeg failed = o.legs().stream().filter(l -> l.supersededBy() != null).findFirst().orElseThrow();
        assertThat(failed.venue()).isEqualTo("kraken");
        BigDecimal live = o.legs().stream().filter(l -> l.supersededBy() == null).map(OrderLeg::quantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(live).isLessThanOrEqualTo(new BigDecimal("0.16"));
        OrderLeg replacement = o.legs().stream().filter(l -> l.venue().equals("okx")).findFirst().orElseThrow();
        assertThat(replacement.quantity()).isLessThanOrEqualTo(failed.quantity());
        assertThat(o.legs().stream().map(OrderLeg::venue).filter(Set.of("binance")::contains)).hasSize(1);
        assertThat(o.filledQty()).isLessThanOrEqualTo(new BigDecimal("0.16")).isGreaterThan(new BigDecimal("0.1599"));
        assertThat(o.routeReason()).startsWith("split ").contains("failover from kraken");
    }

    /** 0.02 BTC a level, $10 apart from {@code ask}: an $8 000 entry costs less split than on one book. */
    static OrderBook ladder(Instrument i, int ask) {
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            bids.add(new PriceLevel(BigDecimal.valueOf(ask - 10 - 10L * k), new BigDecimal("0.02")));
            asks.add(new PriceLevel(BigDecimal.valueOf(ask + 10L * k), new BigDecimal("0.02")));
        }
        return new OrderBook(i.venue(), i.symbol(), bids, asks, Markets.T0);
    }

    /** The ledger as the engine holds it. */
    record ReservationView(MarketData marketData) {
        io.nija.core.routing.ReservationLedger ledger() {
            return marketData.reservations();
        }
    }
}
