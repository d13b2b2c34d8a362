package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.order.OrderType;
import io.nija.core.signal.EntryTerms;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.core.signal.TradeSignal;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An entry with its own limit price rests there for its time in force, then what is left is cancelled. */
class LimitEntryTest {
    final EngineHarness h = new EngineHarness();

    @AfterEach
    void stop() {
        h.close();
    }

    private TradeSignal limitBuy(String usd, EntryTerms terms) {
        return new TradeSignal("sig_l" + System.nanoTime(), "u1", Markets.BTC_USD, Side.BUY, new BigDecimal(usd),
                SignalType.ENTRY, "test", h.clock.now(), null, false, null, terms);
    }

    /** Moves time on a second at a time, each time waiting until the venue answered what was due. */
    private void advanceSeconds(String orderId, int n) {
        for (int i = 0; i < n && !h.order(orderId).status().isTerminal(); i++) {
            h.scheduler.advance(Duration.ofSeconds(1));
            h.settle();
            io.nija.core.testing.Eventually.until("the follow-up answered",
                    () -> h.order(orderId).status().isTerminal() || h.scheduler.pending() >= 1);
        }
    }

    @Test
    void aLimitEntryRestsAtItsPriceRoundedToTheTickAndIsCancelledWhenItsTimeInForceRunsOut() {
        h.user("u1");
        h.binance.defaultStep(ScriptedVenue.Step.rest());
        h.start();
        // Binance's BTC tick is 0.01: a buy at 49000.007 goes out at 49000.00, never dearer than asked.
        String id = h.submit(limitBuy("1000", new EntryTerms(new BigDecimal("49000.007"), 5, null, null)));
        Order o = h.awaitStatus(id, OrderStatus.EXECUTING);
        OrderLeg leg = o.legs().get(0);
        assertThat(leg.type()).isEqualTo(OrderType.LIMIT);
        assertThat(leg.limitPrice()).isEqualByComparingTo("49000");
        assertThat(leg.quantity()).isEqualByComparingTo("0.0204"); // $1000 / 49000 on the 0.00001 lot
        advanceSeconds(id, 3);
        assertThat(h.binance.calls(ScriptedVenue.CallKind.CANCEL)).isEmpty();
        advanceSeconds(id, 5);
        assertThat(h.binance.calls(ScriptedVenue.CallKind.CANCEL)).hasSize(1);
        h.awaitStatus(id, OrderStatus.CANCELLED);
    }

    @Test
    void whatFilledBeforeTheTimeInForceRanOutStays() {
        h.user("u1");
        h.binance.script(ScriptedVenue.Step.partial("0.01", "49000"));
        h.start();
        String id = h.submit(limitBuy("1000", new EntryTerms(new BigDecimal("49000"), 5, null, null)));
        h.await(id, "filled in part", o -> o.filledQty().signum() > 0);
        advanceSeconds(id, 8);
        Order o = h.await(id, "is final", x -> x.status().isTerminal());
        assertThat(o.filledQty()).isEqualByComparingTo("0.01");
        assertThat(h.store.findPositions("u1").get(0).quantity()).isEqualByComparingTo("0.01");
    }

    @Test
    void aLimitPriceFarFromTheBookIsRefusedAndNothingIsStored() {
        h.user("u1");
        h.start();
        assertThatThrownBy(() -> h.engine.submit(limitBuy("1000", new EntryTerms(new BigDecimal("30000"), null, null, null))))
                .isInstanceOfSatisfying(SignalRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("limit_price_out_of_band"));
        assertThat(h.store.findActiveOrders()).isEmpty();
    }

    @Test
    void aBracketWithItsStopAboveTheMarketOfABuyIsRefused() {
        h.user("u1");
        h.start();
        assertThatThrownBy(() -> h.engine.submit(limitBuy("1000", new EntryTerms(null, null, new BigDecimal("60000"),
                new BigDecimal("51000")))))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo("invalid_bracket"));
        assertThat(h.store.findActiveOrders()).isEmpty();
    }
}
