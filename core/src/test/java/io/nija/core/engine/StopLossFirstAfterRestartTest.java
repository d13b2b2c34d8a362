package io.nija.core.engine;

import static io.nija.core.order.OrderStatus.FILLED;
import static io.nija.core.order.OrderStatus.QUEUED;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.ClientOrderIds;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.Fill;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After a restart, a user's unsent legs are first asked about, each question on its own jittered backoff while the
 * venue does not answer. The swarm (seed 2, a Binance ban across a crash) found the entry whose question was answered
 * "no such order" first leaving before the same user's stop loss, still waiting for its own answer. The entry now
 * waits behind the stop loss: a send never leaves while a better send of the same user at that venue has not.
 */
class StopLossFirstAfterRestartTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void anEntryAnsweredFirstAfterARestartStillLeavesAfterTheSameUsersStopLoss() {
        h.config = h.config.withExecutor(h.config.executor().withInlineCalls());
        // The venue answers no question for the first two seconds after the restart (a ban, say).
        Instant upAt = Markets.T0.plusSeconds(2);
        h.venues.put("binance", new Unreachable(h.binance, () -> h.clock.now().isBefore(upAt)));
        h.user("u1");
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            entries.add(stored("ord_entry" + i, SignalType.ENTRY, Side.BUY, Markets.T0.minusMillis(10 - i)));
        }
        String stopLoss = stored("ord_stop", SignalType.STOP_LOSS, Side.SELL, Markets.T0.minusMillis(1));

        h.start();
        assertThat(h.engine.recover()).isEqualTo(5);
        for (int i = 0; i < 600 && !h.store.findActiveOrders().isEmpty(); i++) {
            h.scheduler.advance(Duration.ofMillis(50));
        }

        List<String> placed = h.binance.calls(ScriptedVenue.CallKind.PLACE).stream().map(ScriptedVenue.Call::clientOrderId).toList();
        assertThat(placed).hasSize(5);
        assertThat(placed.get(0)).as("sent first of %s", placed).isEqualTo(stopLoss);
        assertThat(placed).containsAll(entries);
        assertThat(h.store.findOrder("ord_stop").orElseThrow().status()).isEqualTo(FILLED);
    }

    /** An order of u1 routed to Binance and stored, its leg never sent (the process died first); its client id. */
    private String stored(String orderId, SignalType type, Side side, Instant at) {
        Order o = new Order(orderId, "sig_" + orderId, "u1", Markets.BTC_USD, side, type, new BigDecimal("500"), at);
        o.moveTo(io.nija.core.order.OrderStatus.ROUTING, at, null);
        String cid = ClientOrderIds.forLeg("binance", orderId, 0, 0);
        o.routed(ExecutionMethod.MARKET, "chose binance", List.of(new OrderLeg(orderId + "-0", 0, h.btcBinance,
                OrderType.MARKET, new BigDecimal("0.01"), null, at, cid)));
        o.moveTo(QUEUED, at, null);
        h.store.saveAcceptedSignal(new TradeSignal("sig_" + orderId, "u1", Markets.BTC_USD, side, new BigDecimal("500"),
                type, "t", at, null), List.of(o));
        return cid;
    }

    /** The scripted venue, refusing every order call as "unavailable" while {@code down} holds. */
    private record Unreachable(ScriptedVenue venue, java.util.function.BooleanSupplier down) implements Venue {
        private void check() {
            if (down.getAsBoolean()) {
                throw new VenueException(VenueErrorKind.VENUE_UNAVAILABLE, "binance is unreachable", null, null);
            }
        }

        @Override
        public String name() {
            return venue.name();
        }

        @Override
        public List<Instrument> instruments() {
            return venue.instruments();
        }

        @Override
        public OrderBook orderBook(Instrument instrument, int depth) {
            return venue.orderBook(instrument, depth);
        }

        @Override
        public FeeSchedule fees(VenueAccount account, Instrument instrument) {
            return venue.fees(account, instrument);
        }

        @Override
        public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
            check();
            return venue.placeOrder(account, request);
        }

        @Override
        public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            check();
            return venue.cancelOrder(account, instrument, clientOrderId);
        }

        @Override
        public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            check();
            return venue.queryOrder(account, instrument, clientOrderId);
        }

        @Override
        public List<VenueOrderState> openOrders(VenueAccount account) {
            check();
            return venue.openOrders(account);
        }

        @Override
        public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
            check();
            return venue.fills(account, instrument, clientOrderId);
        }

        @Override
        public Map<String, BigDecimal> balances(VenueAccount account) {
            return venue.balances(account);
        }

        @Override
        public int maxConcurrentCallsPerKey() {
            return venue.maxConcurrentCallsPerKey();
        }
    }
}
