package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.ExecutionMethod;
import io.nija.core.order.Fill;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.routing.RoutingConfig;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalType;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A later leg of an order (here a TWAP slice) was let through when the order was planned and handed to a timer. The
 * swarm (seed 5089, a rate-limit storm at Kraken) found such a leg of an entry leaving when it came due, ahead of a
 * stop loss of the same user submitted since and still held back by the venue's rate limit. A delayed leg is now
 * checked again when it is due, and waits behind the better send until that one is answered.
 */
class StopLossBeforeDelayedLegTest {
    private final EngineHarness h = new EngineHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void anEntrysSliceDueWhileTheSameUsersStopLossIsRateLimitedWaitsBehindIt() {
        h.config = EngineConfig.defaults()
                .withRouting(RoutingConfig.defaults().withTwap(new BigDecimal("2000"), 3, Duration.ofSeconds(10)));
        h.config = h.config.withExecutor(h.config.executor().withInlineCalls());
        // The venue's rate limit refuses every sell sent before 11.5 s: the stop loss's sends, none of the entry's.
        Instant stormEnds = Markets.T0.plusMillis(11_500);
        h.venues.put("binance", new StormOnSells(h.binance, () -> h.clock.now().isBefore(stormEnds)));
        h.user("u1");
        h.start();
        String entry = h.submit(h.buy("u1", "3000"));
        Order planned = h.await(entry, "has its first slice filled",
                o -> o.legs().size() == 3 && o.legs().get(0).status() == OrderStatus.FILLED);
        assertThat(planned.executionMethod()).isEqualTo(ExecutionMethod.TWAP);
        String slice2 = planned.legs().get(1).clientOrderId();

        h.scheduler.advance(Duration.ofSeconds(8));
        h.settle();
        String stop = h.submit(h.signal("u1", Side.SELL, "500", SignalType.STOP_LOSS, null));
        String stopCid = h.await(stop, "is routed", o -> !o.legs().isEmpty()).legs().get(0).clientOrderId();
        for (int i = 0; i < 400 && h.order(stop).status() != OrderStatus.FILLED; i++) {
            h.scheduler.advance(Duration.ofMillis(50));
            h.settle();
        }
        for (int i = 0; i < 40 && h.order(entry).status() != OrderStatus.FILLED; i++) {
            h.scheduler.advance(Duration.ofSeconds(1));
            h.settle();
        }

        assertThat(h.order(stop).status()).isEqualTo(OrderStatus.FILLED);
        assertThat(h.order(entry).status()).isEqualTo(OrderStatus.FILLED);
        List<String> placed = h.binance.calls(ScriptedVenue.CallKind.PLACE).stream()
                .map(ScriptedVenue.Call::clientOrderId).toList();
        assertThat(placed).as("the venue's door, in order").contains(stopCid, slice2);
        assertThat(placed.indexOf(slice2)).as("slice 2 reached the venue after the stop loss: %s", placed)
                .isGreaterThan(placed.indexOf(stopCid));
        assertThat(h.binance.placeCount(slice2)).isEqualTo(1);
    }

    /** The scripted venue, refusing sells as rate-limited while {@code storm} holds (they never reach its book). */
    private record StormOnSells(ScriptedVenue venue, java.util.function.BooleanSupplier storm) implements Venue {
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
            if (request.side() == Side.SELL && storm.getAsBoolean()) {
                throw new VenueException(VenueErrorKind.RATE_LIMITED, "too many requests", Duration.ofMillis(500), null);
            }
            return venue.placeOrder(account, request);
        }

        @Override
        public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            return venue.cancelOrder(account, instrument, clientOrderId);
        }

        @Override
        public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
            return venue.queryOrder(account, instrument, clientOrderId);
        }

        @Override
        public List<VenueOrderState> openOrders(VenueAccount account) {
            return venue.openOrders(account);
        }

        @Override
        public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
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
