package io.nija.sim.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.fault.SimFaults;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** visibility_lag_ms: reads do not see a new order for the lag; writes and duplicate checks always do. */
class VisibilityLagTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final SimulatedExchanges sim = new SimulatedExchanges(clock, 3);
    private final InProcessVenue binance = sim.venue("binance");
    private final MatchingEngine engine = sim.engine("binance");
    private final VenueAccount alice = sim.openPaperAccount("alice", "binance");
    private final Instrument btc = binance.instruments().stream().filter(i -> i.symbol().equals("BTCUSDT"))
            .findFirst().orElseThrow();

    @Test
    void anOrderIsInvisibleToEveryReadUntilTheLagHasPassed() {
        sim.setFaults("binance", SimFaults.NONE.withVisibilityLagMs(5_000));
        var placed = binance.placeOrder(alice, market("m-1", "0.01"));
        assertThat(placed.status()).isEqualTo(VenueOrderStatus.FILLED); // the write's own answer is the truth

        clock.advance(Duration.ofMillis(4_999));
        assertThat(binance.queryOrder(alice, btc, "m-1")).isEmpty();
        assertThat(binance.fills(alice, btc, "m-1")).isEmpty();
        assertThat(engine.orderByVenueId(alice.apiKey(), placed.venueOrderId())).isEmpty();
        assertThat(engine.orders(alice.apiKey())).isEmpty();
        assertThat(engine.fills(alice.apiKey())).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(binance.queryOrder(alice, btc, "m-1")).get().extracting(s -> s.status())
                .isEqualTo(VenueOrderStatus.FILLED);
        assertThat(binance.fills(alice, btc, "m-1")).isNotEmpty();
        assertThat(engine.fills(alice.apiKey())).isNotEmpty();
    }

    @Test
    void writesSeeTheTruthDuringTheLag() {
        sim.setFaults("binance", SimFaults.NONE.withVisibilityLagMs(10_000));
        BigDecimal far = binance.orderBook(btc, 1).bestBid().subtract(new BigDecimal("500"));
        binance.placeOrder(alice, new VenueOrderRequest(btc, "rest-1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.01"), far));
        assertThat(binance.openOrders(alice)).isEmpty();

        // The duplicate check sees the open order although reads do not.
        VenueException dup = catchThrowableOfType(VenueException.class, () -> binance.placeOrder(alice,
                new VenueOrderRequest(btc, "rest-1", Side.BUY, OrderType.LIMIT, new BigDecimal("0.01"), far)));
        assertThat(dup.kind()).isEqualTo(VenueErrorKind.DUPLICATE_ORDER);

        // The cancel reaches the engine.
        assertThat(binance.cancelOrder(alice, btc, "rest-1").status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(engine.ordersCancelled()).isEqualTo(1);

        sim.setFaults("binance", SimFaults.NONE); // switching the fault off shows everything at once
        assertThat(binance.queryOrder(alice, btc, "rest-1")).get().extracting(s -> s.status())
                .isEqualTo(VenueOrderStatus.CANCELLED);
    }

    @Test
    void anOlderOrderWithAReusedClientIdStaysReadableWhileTheNewOneLags() {
        binance.placeOrder(alice, market("re-1", "0.01"));
        clock.advance(Duration.ofSeconds(3));
        sim.setFaults("binance", SimFaults.NONE.withVisibilityLagMs(2_000));
        var second = binance.placeOrder(alice, market("re-1", "0.02")); // binance: reusable once closed
        var seen = binance.queryOrder(alice, btc, "re-1").orElseThrow();
        assertThat(seen.venueOrderId()).isNotEqualTo(second.venueOrderId());
        clock.advance(Duration.ofSeconds(2));
        assertThat(binance.queryOrder(alice, btc, "re-1").orElseThrow().venueOrderId())
                .isEqualTo(second.venueOrderId());
    }

    private VenueOrderRequest market(String id, String qty) {
        return new VenueOrderRequest(btc, id, Side.BUY, OrderType.MARKET, new BigDecimal(qty), null);
    }
}
