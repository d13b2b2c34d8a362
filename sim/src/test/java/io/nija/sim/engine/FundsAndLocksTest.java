package io.nija.sim.engine;

import static io.nija.sim.engine.TestMarket.SYMBOL;
import static io.nija.sim.engine.TestMarket.assertRejected;
import static io.nija.sim.engine.TestMarket.bd;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.signal.Side;
import io.nija.core.venue.VenueErrorKind;
import org.junit.jupiter.api.Test;

class FundsAndLocksTest {
    private final TestMarket m = new TestMarket().account("alice", "100000", "2");

    @Test
    void aRestingBuyLocksItsQuoteIncludingTheMakerFee() {
        m.buy("alice", "b1", "1", "60000");

        assertThat(m.balance("alice", "USDT").locked()).isEqualByComparingTo("60060");
        assertThat(m.balance("alice", "USDT").available()).isEqualByComparingTo("39940");
    }

    @Test
    void aRestingSellLocksItsBase() {
        m.sell("alice", "s1", "1.5", "70000");

        assertThat(m.balance("alice", "BTC").locked()).isEqualByComparingTo("1.5");
        assertThat(m.balance("alice", "BTC").available()).isEqualByComparingTo("0.5");
    }

    @Test
    void cancellingReleasesEverythingTheOrderLocked() {
        m.buy("alice", "b1", "1", "60000");
        m.sell("alice", "s1", "1.5", "70000");

        OrderView cancelled = m.engine.cancel("alice", "b1");
        m.engine.cancelByVenueId("alice", m.engine.orderByClientId("alice", "s1").orElseThrow().venueOrderId());

        assertThat(cancelled.state()).isEqualTo(OrderState.CANCELLED);
        assertThat(m.balance("alice", "USDT").locked()).isEqualByComparingTo("0");
        assertThat(m.balance("alice", "USDT").available()).isEqualByComparingTo("100000");
        assertThat(m.balance("alice", "BTC").locked()).isEqualByComparingTo("0");
        assertThat(m.engine.book(SYMBOL, 5).bids()).isEmpty();
    }

    @Test
    void aLimitBuyThatCannotCoverItsFeeIsRejectedForInsufficientFunds() {
        // 1 BTC at 100000 needs 100000 plus up to 0.2 % fee; the account holds exactly 100000.
        assertRejected(VenueErrorKind.INSUFFICIENT_FUNDS, () -> m.buy("alice", "b1", "1", "100000"));
        assertThat(m.engine.orders("alice")).isEmpty();
    }

    @Test
    void aSellOfMoreBaseThanAvailableIsRejected() {
        assertRejected(VenueErrorKind.INSUFFICIENT_FUNDS, () -> m.sell("alice", "s1", "2.00001", "70000"));
    }

    @Test
    void lockedFundsCannotPayForAnotherOrder() {
        m.sell("alice", "s1", "1.5", "70000");

        assertRejected(VenueErrorKind.INSUFFICIENT_FUNDS,
                () -> m.engine.place("alice", NewOrder.market(SYMBOL, "s2", Side.SELL, bd("1"))));
    }

    @Test
    void cancellingAnOrderThatIsNotOpenIsOrderNotFound() {
        assertRejected(VenueErrorKind.ORDER_NOT_FOUND, () -> m.engine.cancel("alice", "never-sent"));
        m.buy("alice", "b1", "1", "60000");
        m.engine.cancel("alice", "b1");
        assertRejected(VenueErrorKind.ORDER_NOT_FOUND, () -> m.engine.cancel("alice", "b1"));
    }
}
