package io.nija.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import io.nija.sim.venue.InProcessVenue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final SimulatedExchanges sim = new SimulatedExchanges(clock, 31, Sleeper.advancing(clock));
    private final InProcessVenue okx = sim.venue("okx");
    private final VenueAccount account = sim.openPaperAccount("carol", "okx");
    private final Instrument btc = okx.instruments().get(0);

    private VenueOrderRequest marketBuy(String cid) {
        return new VenueOrderRequest(btc, cid, Side.BUY, OrderType.MARKET, new BigDecimal("0.01"), null);
    }

    @Test
    void maintenanceRefusesEveryCallAsUnavailableAndPlacesNothing() {
        sim.setFaults("okx", SimFaults.NONE.withMaintenance(true));

        assertKind(VenueErrorKind.VENUE_UNAVAILABLE, () -> okx.placeOrder(account, marketBuy("m-1")));
        assertKind(VenueErrorKind.VENUE_UNAVAILABLE, () -> okx.orderBook(btc, 5));
        assertKind(VenueErrorKind.VENUE_UNAVAILABLE, () -> okx.balances(account));

        sim.setFaults("okx", SimFaults.NONE);
        assertThat(okx.queryOrder(account, btc, "m-1")).isEmpty();
        assertThat(sim.engine("okx").acceptedOrders()).isEmpty();
    }

    @Test
    void aServerErrorRefusesBeforeActing() {
        sim.setFaults("okx", SimFaults.NONE.withHttp5xxRate(1));

        assertKind(VenueErrorKind.VENUE_UNAVAILABLE, () -> okx.placeOrder(account, marketBuy("m-1")));

        sim.setFaults("okx", SimFaults.NONE);
        assertThat(okx.queryOrder(account, btc, "m-1")).isEmpty();
    }

    @Test
    void acceptThenTimeoutPlacesTheOrderButAnswersUnknownAndQueryFindsIt() {
        sim.setFaults("okx", SimFaults.NONE.withAcceptThenTimeoutRate(1));

        assertKind(VenueErrorKind.UNKNOWN, () -> okx.placeOrder(account, marketBuy("m-1")));

        var found = okx.queryOrder(account, btc, "m-1");
        assertThat(found).isPresent();
        assertThat(found.get().status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(found.get().fills()).isNotEmpty();
        assertThat(sim.engine("okx").acceptedOrders()).extracting(o -> o.clientOrderId()).containsExactly("m-1");
    }

    @Test
    void aConnectionResetOnPlaceIsUnknownButNothingWasPlaced() {
        sim.setFaults("okx", SimFaults.NONE.withResetRate(1));

        assertKind(VenueErrorKind.UNKNOWN, () -> okx.placeOrder(account, marketBuy("m-1")));
        assertKind(VenueErrorKind.VENUE_UNAVAILABLE, () -> okx.openOrders(account));

        sim.setFaults("okx", SimFaults.NONE);
        assertThat(okx.queryOrder(account, btc, "m-1")).isEmpty();
    }

    @Test
    void aRateLimitStormRefusesWithRetryAfter() {
        sim.setFaults("okx", SimFaults.NONE.withRateLimitStorm(true));

        VenueException e = catchThrowableOfType(VenueException.class, () -> okx.placeOrder(account, marketBuy("m-1")));

        assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).isPositive();
    }

    @Test
    void latencyPassesOnTheInjectedSleeperNotTheWallClock() {
        sim.setFaults("okx", SimFaults.NONE.withLatencyMs(250));
        Instant before = clock.now();

        var placed = okx.placeOrder(account, marketBuy("m-1"));

        assertThat(Duration.between(before, clock.now())).isEqualTo(Duration.ofMillis(250));
        // The venue acted after the delay, so its fill carries the later time.
        assertThat(placed.fills().get(0).time()).isEqualTo(before.plusMillis(250));
    }

    @Test
    void faultsOfOneVenueLeaveTheOthersAlone() {
        sim.setFaults("okx", SimFaults.NONE.withMaintenance(true));

        VenueAccount binanceAccount = sim.openPaperAccount("carol", "binance");
        assertThat(sim.venue("binance").balances(binanceAccount)).isNotEmpty();
    }

    @Test
    void faultDrawsAreTheSameForTheSameSeed() {
        List<FaultInjector.Outcome> a = outcomes(new FaultInjector(5, Sleeper.none()));
        List<FaultInjector.Outcome> b = outcomes(new FaultInjector(5, Sleeper.none()));

        assertThat(a).isEqualTo(b);
        assertThat(a).contains(FaultInjector.Outcome.PROCEED, FaultInjector.Outcome.SERVER_ERROR);
    }

    @Test
    void ratesOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> SimFaults.NONE.withHttp5xxRate(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimFaults.NONE.withLatencyMs(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<FaultInjector.Outcome> outcomes(FaultInjector injector) {
        injector.set(SimFaults.NONE.withHttp5xxRate(0.3).withResetRate(0.1));
        List<FaultInjector.Outcome> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.add(injector.beforeCall());
        }
        return out;
    }

    private static void assertKind(VenueErrorKind kind, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        VenueException e = catchThrowableOfType(VenueException.class, call);
        assertThat(e).as("expected VenueException " + kind).isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
    }
}
