package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.Order;
import io.nija.core.routing.RoutingConfig;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.user.UserLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A TWAP split over two venues where one venue's legs rest unfilled: the filling venue's later slices stop once
 * another could take it past a quarter of the order filled alone, and go when the resting legs end (a TWAP slice
 * rests until its time to live, then its remainder is cancelled). A market order split the same way is cut into
 * pieces of at most the bound, so the filling venue stops at the bound from its first piece on.
 */
class PairedLegsEngineTest {
    final EngineHarness h = new EngineHarness();
    String id;

    @AfterEach
    void stop() {
        h.close();
    }

    /** 1 BTC at 50 000, then 10 BTC 0.2 % higher: a 2 BTC slice is cheaper split 1 + 1 over two such venues. */
    static OrderBook thinTop(Instrument i) {
        return new OrderBook(i.venue(), i.symbol(), List.of(new PriceLevel(new BigDecimal("49990"), BigDecimal.TEN)),
                List.of(new PriceLevel(new BigDecimal("50000"), BigDecimal.ONE),
                        new PriceLevel(new BigDecimal("50100"), BigDecimal.TEN)), Markets.T0);
    }

    int runAndCountBinancePlacesAt31s(BigDecimal bound) {
        Instrument btcBinance = Markets.btcUsd("binance");
        Instrument btcKraken = Markets.btcUsd("kraken");
        h.binance.list(btcBinance, thinTop(btcBinance));
        ScriptedVenue kraken = new ScriptedVenue("kraken", h.clock).list(btcKraken, thinTop(btcKraken))
                .defaultStep(ScriptedVenue.Step.rest());
        h.addVenue(kraken);
        RoutingConfig routing = RoutingConfig.defaults().withTwap(new BigDecimal("10000"), 4, Duration.ofSeconds(10));
        // Venue calls inline: every send happens when virtual time reaches it, so the counts below are exact.
        h.config = h.config.withRouting(routing.withCosts(routing.costs().withMaxLegImbalance(bound)))
                .withExecutor(h.config.executor().withInlineCalls());
        h.user("u1", new UserLimits(true, Set.of(), Set.of(), new BigDecimal("1000000"), new BigDecimal("10000000"),
                new BigDecimal("100000"), 20, 100));
        h.start();
        id = h.submit(h.buy("u1", "400000"));
        h.settle();
        Order routed = h.order(id);
        assertThat(routed.legs()).as(routed.routeReason()).extracting(l -> l.venue()).contains("binance", "kraken");
        for (int s = 0; s < 31; s++) {
            h.scheduler.advance(Duration.ofSeconds(1));
            h.settle();
        }
        return h.binance.calls(ScriptedVenue.CallKind.PLACE).size();
    }

    @Test
    void theFillingVenueWaitsOnceAheadByTheBoundAndGoesWhenTheOthersEnd() {
        assertThat(runAndCountBinancePlacesAt31s(new BigDecimal("0.25")))
                .as("1 and 2 BTC alone; the 3rd could fill 3 of 8 alone, beyond the bound").isEqualTo(2);
        for (int s = 0; s < 120 && !h.order(id).status().isTerminal(); s++) {
            h.scheduler.advance(Duration.ofSeconds(1));
            h.settle();
        }
        Order o = h.order(id);
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).as("released once kraken's legs ended").hasSize(4);
        assertThat(o.legs()).filteredOn(l -> l.venue().equals("kraken")).allMatch(l -> l.status().isTerminal());
        assertThat(o.status().isTerminal()).isTrue();
        assertThat(o.filledQty()).isEqualByComparingTo("4");
    }

    @Test
    void withoutABoundTheFillingVenueSendsEverySliceAlone() {
        assertThat(runAndCountBinancePlacesAt31s(null)).isEqualTo(4);
    }

    /** A 2 BTC market buy split 1 + 1 over binance (fills) and kraken (its legs rest): binance's filled, placed. */
    BigDecimal[] splitMarketBuyWithKrakenResting(BigDecimal bound) {
        Instrument btcBinance = Markets.btcUsd("binance");
        Instrument btcKraken = Markets.btcUsd("kraken");
        h.binance.list(btcBinance, thinTop(btcBinance));
        ScriptedVenue kraken = new ScriptedVenue("kraken", h.clock).list(btcKraken, thinTop(btcKraken))
                .defaultStep(ScriptedVenue.Step.rest());
        h.addVenue(kraken);
        RoutingConfig routing = RoutingConfig.defaults().withTwap(new BigDecimal("100000000"), 4, Duration.ofSeconds(10));
        h.config = h.config.withRouting(routing.withCosts(routing.costs().withMaxLegImbalance(bound)))
                .withExecutor(h.config.executor().withInlineCalls());
        h.user("u1", new UserLimits(true, Set.of(), Set.of(), new BigDecimal("1000000"), new BigDecimal("10000000"),
                new BigDecimal("100000"), 20, 100));
        h.start();
        id = h.submit(h.buy("u1", "100000"));
        for (int s = 0; s < 30; s++) {
            h.scheduler.advance(Duration.ofSeconds(1));
            h.settle();
        }
        Order o = h.order(id);
        assertThat(o.legs()).as(o.routeReason()).extracting(l -> l.venue()).contains("binance", "kraken");
        BigDecimal binanceFilled = o.legs().stream().filter(l -> l.venue().equals("binance"))
                .map(l -> l.filledQty()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(o.legs()).filteredOn(l -> l.venue().equals("kraken")).allMatch(l -> l.filledQty().signum() == 0);
        return new BigDecimal[] {binanceFilled, BigDecimal.valueOf(h.binance.calls(ScriptedVenue.CallKind.PLACE).size())};
    }

    @Test
    void aSplitMarketOrderNeverFillsOneVenueAloneBeyondTheBoundFromItsFirstLegOn() {
        BigDecimal[] binance = splitMarketBuyWithKrakenResting(new BigDecimal("0.25"));
        // Each venue's 1 BTC share went out in 0.5 BTC pieces; binance's first filled, its second waits for kraken.
        assertThat(h.order(id).legs()).filteredOn(l -> l.venue().equals("binance")).hasSize(2)
                .allMatch(l -> l.quantity().compareTo(new BigDecimal("0.5")) <= 0);
        assertThat(binance[0]).as("a quarter of 2 BTC at most").isEqualByComparingTo("0.5");
        assertThat(binance[1]).isEqualByComparingTo("1");
    }

    @Test
    void withoutABoundTheSplitMarketOrderFillsItsWholeShareAlone() {
        BigDecimal[] binance = splitMarketBuyWithKrakenResting(null);
        assertThat(binance[0]).isEqualByComparingTo("1");
    }
}
