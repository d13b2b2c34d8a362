package io.nija.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** A one-instrument venue with an empty book, so every resting order in a test is one the test placed. */
final class TestMarket {
    static final String VENUE = "testex";
    static final String SYMBOL = "BTCUSDT";
    static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    /** Maker and taker differ, so a test can tell which rate was charged. */
    static final FeeSchedule FEES = new FeeSchedule(bd("0.001"), bd("0.002"));
    static final Instrument BTC = new Instrument(VENUE, new Pair("BTC", "USD"), SYMBOL, bd("0.01"), bd("0.00001"),
            bd("0.0001"), bd("5"));

    final ManualClock clock = new ManualClock(START);
    final MatchingEngine engine = new MatchingEngine(VENUE, FEES, IdStyle.NUMERIC,
            List.of(new Listing(BTC, "USDT", null)), clock, 42);

    /** Opens an account whose key and secret are its name plus "-secret". */
    TestMarket account(String name, String usdt, String btc) {
        engine.openAccount(name, name + "-secret", null, Map.of("USDT", bd(usdt), "BTC", bd(btc)));
        return this;
    }

    OrderView sell(String account, String cid, String qty, String price) {
        return engine.place(account, NewOrder.limit(SYMBOL, cid, Side.SELL, bd(qty), bd(price)));
    }

    OrderView buy(String account, String cid, String qty, String price) {
        return engine.place(account, NewOrder.limit(SYMBOL, cid, Side.BUY, bd(qty), bd(price)));
    }

    Balance balance(String account, String asset) {
        return engine.balances(account).getOrDefault(asset, new Balance(asset, BigDecimal.ZERO, BigDecimal.ZERO));
    }

    static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }

    static void assertRejected(VenueErrorKind kind, ThrowingCallable call) {
        VenueException e = catchThrowableOfType(VenueException.class, call);
        assertThat(e).as("expected a VenueException of kind " + kind).isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
    }
}
