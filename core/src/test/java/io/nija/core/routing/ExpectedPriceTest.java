package io.nija.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.testing.Markets;
import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The route's expected price: each leg walks its venue's book net of our orders in flight, the rest at its limit. */
class ExpectedPriceTest {
    static final Instrument A = Markets.btcUsd("alpha");
    static final Instrument B = Markets.btcUsd("beta");

    static OrderBook asks(Instrument i, String... priceQty) {
        List<PriceLevel> asks = new java.util.ArrayList<>();
        for (int k = 0; k < priceQty.length; k += 2) {
            asks.add(new PriceLevel(new BigDecimal(priceQty[k]), new BigDecimal(priceQty[k + 1])));
        }
        return new OrderBook(i.venue(), i.symbol(), List.of(new PriceLevel(new BigDecimal("99"), BigDecimal.ONE)), asks,
                Markets.T0);
    }

    static VenueCandidate candidate(Instrument i, OrderBook book, String reserved) {
        return new VenueCandidate(i.venue(), i, book, new FeeSchedule(new BigDecimal("0.001"), new BigDecimal("0.001")),
                false, 0, StatsSnapshot.EMPTY, StatsSnapshot.EMPTY, true, new BigDecimal(reserved));
    }

    static PlannedLeg leg(Instrument i, String qty, String limit) {
        return new PlannedLeg(i, limit == null ? OrderType.MARKET : OrderType.LIMIT, new BigDecimal(qty),
                limit == null ? null : new BigDecimal(limit), Duration.ZERO);
    }

    @Test
    void aLegWalksTheBookNetOfWhatOurOrdersInFlightTake() {
        VenueCandidate a = candidate(A, asks(A, "100", "1", "101", "1", "102", "5"), "0.5");
        // 0.5 of the first level is ours already: 0.5 at 100, 1 at 101, 0.5 at 102 → 202 / 2.
        BigDecimal p = ExpectedPrice.of(Side.BUY, List.of(leg(A, "2", "105")), List.of(a));
        assertThat(p).isEqualByComparingTo("101");
    }

    @Test
    void whatTheBookCannotFillWithinTheLimitCountsAtTheLimitAndLegsAreWeightedByQuantity() {
        VenueCandidate a = candidate(A, asks(A, "100", "1", "110", "5"), "0");
        VenueCandidate b = candidate(B, asks(B, "101", "10"), "0");
        // alpha: 1 at 100 and 1 resting at its limit 104; beta: 2 at 101 → (100 + 104 + 202) / 4.
        BigDecimal p = ExpectedPrice.of(Side.BUY, List.of(leg(A, "2", "104"), leg(B, "2", "105")), List.of(a, b));
        assertThat(p).isEqualByComparingTo("101.5");
    }

    @Test
    void aMarketLegReachesAsFarAsTheBookGoesAndALegWithoutABookHasNoExpectation() {
        VenueCandidate a = candidate(A, asks(A, "100", "1", "103", "1"), "0");
        assertThat(ExpectedPrice.of(Side.BUY, List.of(leg(A, "2", null)), List.of(a))).isEqualByComparingTo("101.5");
        VenueCandidate noBook = new VenueCandidate("beta", B, null, null, false, 0, StatsSnapshot.EMPTY,
                StatsSnapshot.EMPTY);
        assertThat(ExpectedPrice.of(Side.BUY, List.of(leg(B, "1", "105")), List.of(a, noBook))).isNull();
    }

    @Test
    void piecesOfOneVenuesShareDueTogetherWalkTheBookTogetherButTwapSlicesEachMeetItAnew() {
        VenueCandidate a = candidate(A, asks(A, "100", "1", "102", "5"), "0");
        // Two 1 BTC pieces sent together: the second takes what the first leaves, 1 at 100 and 1 at 102.
        BigDecimal pieces = ExpectedPrice.of(Side.BUY, List.of(leg(A, "1", null), leg(A, "1", null)), List.of(a));
        assertThat(pieces).isEqualByComparingTo("101");
        // Two slices 10 s apart: each meets the book as it was (it refills meanwhile).
        PlannedLeg later = new PlannedLeg(A, OrderType.MARKET, BigDecimal.ONE, null, Duration.ofSeconds(10));
        assertThat(ExpectedPrice.of(Side.BUY, List.of(leg(A, "1", null), later), List.of(a))).isEqualByComparingTo("100");
    }
}
