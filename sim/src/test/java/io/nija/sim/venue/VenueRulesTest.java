package io.nija.sim.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Fill;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.state.SimState;
import io.nija.sim.fault.Sleeper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Per-venue rules seen through the in-process port: client-id reuse and which id names a fill. */
class VenueRulesTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final SimulatedExchanges sim = new SimulatedExchanges(clock, 9);

    @Test
    void twoBinanceUsersTradingWithEachOtherGetTheSameFillIdOnTheirFills() {
        InProcessVenue binance = sim.venue("binance");
        VenueAccount alice = sim.openPaperAccount("alice", "binance");
        VenueAccount bob = sim.openPaperAccount("bob", "binance");
        Instrument btc = instrument(binance, "BTCUSDT");
        BigDecimal inside = binance.orderBook(btc, 1).bestBid().add(new BigDecimal("1.00"));
        binance.placeOrder(alice, limit(btc, "a-1", Side.BUY, inside));
        VenueOrderState taker = binance.placeOrder(bob, limit(btc, "b-1", Side.SELL, inside));
        assertThat(taker.status()).isEqualTo(VenueOrderStatus.FILLED);

        List<Fill> aliceFills = binance.fills(alice, btc, "a-1");
        List<Fill> bobFills = binance.fills(bob, btc, "b-1");
        assertThat(aliceFills).hasSize(1);
        assertThat(bobFills).hasSize(1);
        assertThat(aliceFills.get(0).fillId()).isEqualTo(bobFills.get(0).fillId()).matches("\\d+");
        AccountFill raw = sim.engine("binance").fills(alice.apiKey()).get(0);
        assertThat(aliceFills.get(0).fillId()).isEqualTo(raw.tradeId())
                .isEqualTo(Long.toString(raw.tradeNumber()));
        // The in-process port counts its calls as the HTTP listener counts requests.
        assertThat(sim.requests("binance").count("placeOrder")).isEqualTo(2);
        assertThat(sim.stats("binance").requests()).containsEntry("fills", 2L);
        assertThat(sim.stats("binance").ordersPlaced()).isEqualTo(2);
    }

    @Test
    void elsewhereFillIdsAreUniquePerAccountWhileTheTradeIdIsShared() {
        InProcessVenue okx = sim.venue("okx");
        VenueAccount alice = sim.openPaperAccount("alice", "okx");
        VenueAccount bob = sim.openPaperAccount("bob", "okx");
        Instrument btc = instrument(okx, "BTC-USDT");
        BigDecimal inside = okx.orderBook(btc, 1).bestBid().add(new BigDecimal("0.1"));
        okx.placeOrder(alice, limit(btc, "a-1", Side.BUY, inside));
        okx.placeOrder(bob, limit(btc, "b-1", Side.SELL, inside));
        assertThat(okx.fills(alice, btc, "a-1").get(0).fillId()).isNotEqualTo(okx.fills(bob, btc, "b-1").get(0).fillId());
        AccountFill a = sim.engine("okx").fills(alice.apiKey()).get(0);
        AccountFill b = sim.engine("okx").fills(bob.apiKey()).get(0);
        assertThat(a.tradeId()).isEqualTo(b.tradeId());
    }

    @Test
    void tradeIdsAreASequencePerSymbol() {
        InProcessVenue binance = sim.venue("binance");
        VenueAccount alice = sim.openPaperAccount("alice", "binance");
        Instrument btc = instrument(binance, "BTCUSDT");
        Instrument eth = instrument(binance, "ETHUSDT");
        binance.placeOrder(alice, market(btc, "m-1"));
        binance.placeOrder(alice, market(eth, "m-2"));
        binance.placeOrder(alice, market(btc, "m-3"));
        List<AccountFill> fills = sim.engine("binance").fills(alice.apiKey());
        long first = fills.get(0).tradeNumber();
        assertThat(fills.get(2).tradeNumber()).isEqualTo(first + 1);
        assertThat(fills.get(1).symbol()).isEqualTo("ETHUSDT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"binance", "okx", "kraken"})
    void whileOpenVenuesAcceptAClientIdAgainOnceTheOrderClosed(String venue) {
        InProcessVenue v = sim.venue(venue);
        VenueAccount a = sim.openPaperAccount("alice", venue);
        Instrument btc = v.instruments().get(0);
        VenueOrderState far = v.placeOrder(a, limit(btc, "c-1", Side.BUY, farBid(v, btc)));
        assertKind(VenueErrorKind.DUPLICATE_ORDER, () -> v.placeOrder(a, limit(btc, "c-1", Side.BUY, farBid(v, btc))));
        v.cancelOrder(a, btc, "c-1");
        VenueOrderState again = v.placeOrder(a, limit(btc, "c-1", Side.BUY, farBid(v, btc)));
        assertThat(again.venueOrderId()).isNotEqualTo(far.venueOrderId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"alpaca", "bybit"})
    void neverVenuesRefuseAClientIdEvenAfterTheOrderClosed(String venue) {
        InProcessVenue v = sim.venue(venue);
        VenueAccount a = sim.openPaperAccount("alice", venue);
        Instrument btc = v.instruments().get(0);
        v.placeOrder(a, market(btc, "c-1"));
        assertKind(VenueErrorKind.DUPLICATE_ORDER, () -> v.placeOrder(a, market(btc, "c-1")));
        assertThat(sim.engine(venue).ordersPlaced()).isEqualTo(1);
    }

    @Test
    void coinbaseAnswersTheEarlierOrderOpenOrClosedAndCreatesNothing() {
        InProcessVenue v = sim.venue("coinbase");
        VenueAccount a = sim.openPaperAccount("alice", "coinbase");
        Instrument btc = instrument(v, "BTC-USD");
        VenueOrderState first = v.placeOrder(a, limit(btc, "c-1", Side.BUY, farBid(v, btc)));
        assertThat(v.placeOrder(a, market(btc, "c-1")).venueOrderId()).isEqualTo(first.venueOrderId());
        v.cancelOrder(a, btc, "c-1");
        VenueOrderState replay = v.placeOrder(a, market(btc, "c-1"));
        assertThat(replay.venueOrderId()).isEqualTo(first.venueOrderId());
        assertThat(replay.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(sim.engine("coinbase").ordersPlaced()).isEqualTo(1);
    }

    @Test
    void replayAfterRestartKeepsTheReuseRules(@TempDir Path dir) throws Exception {
        try (SimState state = SimState.open(dir, 5, clock, Sleeper.none())) {
            SimulatedExchanges s = state.exchanges();
            VenueAccount a = s.openPaperAccount("alice", "alpaca");
            InProcessVenue v = s.venue("alpaca");
            v.placeOrder(a, market(v.instruments().get(0), "c-1"));
        }
        try (SimState state = SimState.open(dir, 5, clock, Sleeper.none())) {
            SimulatedExchanges s = state.exchanges();
            VenueAccount a = s.openPaperAccount("alice", "alpaca");
            InProcessVenue v = s.venue("alpaca");
            assertThat(s.engine("alpaca").ordersPlaced()).isEqualTo(1);
            assertKind(VenueErrorKind.DUPLICATE_ORDER, () -> v.placeOrder(a, market(v.instruments().get(0), "c-1")));
        }
    }

    private static BigDecimal farBid(InProcessVenue v, Instrument ins) {
        BigDecimal bid = v.orderBook(ins, 1).bestBid();
        return bid.multiply(new BigDecimal("0.9")).setScale(ins.priceScale(), java.math.RoundingMode.DOWN)
                .subtract(bid.multiply(new BigDecimal("0.9")).setScale(ins.priceScale(), java.math.RoundingMode.DOWN)
                        .remainder(ins.tickSize()));
    }

    private static Instrument instrument(InProcessVenue v, String symbol) {
        return v.instruments().stream().filter(i -> i.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private static VenueOrderRequest limit(Instrument ins, String id, Side side, BigDecimal price) {
        BigDecimal qty = new BigDecimal("0.01").max(ins.minQty());
        return new VenueOrderRequest(ins, id, side, OrderType.LIMIT, qty, price);
    }

    private static VenueOrderRequest market(Instrument ins, String id) {
        return new VenueOrderRequest(ins, id, Side.BUY, OrderType.MARKET, new BigDecimal("0.01").max(ins.minQty()),
                null);
    }

    private static void assertKind(VenueErrorKind kind, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        VenueException e = catchThrowableOfType(VenueException.class, call);
        assertThat(e).as("expected VenueException " + kind).isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
    }
}
