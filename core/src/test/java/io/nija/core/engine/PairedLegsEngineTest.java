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
 * A TWAP split over two venues where one venue's legs rest unfilled: the filling venue's later slices stop once it
 * has filled a quarter of the order alone, and go when the resting legs end (a TWAP slice rests until its time to
 * live, then its remainder is cancelled).
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
        assertThat(runAndCountBinancePlacesAt31s(new BigDecimal("0.25"))).as("1, 2 and 3 BTC alone; the 4th would be 4 of 8")
                .isEqualTo(3);
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
}
