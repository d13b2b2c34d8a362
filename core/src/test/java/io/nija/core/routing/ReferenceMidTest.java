package io.nija.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.market.OrderBook;
import io.nija.core.market.PriceLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arrival mid's reference: the merged book's mid only while it is not crossed, else the fresh venues' median. */
class ReferenceMidTest {
    static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

    static OrderBook book(String venue, String bid, String ask, Instant at) {
        return new OrderBook(venue, "BTCUSD", List.of(new PriceLevel(new BigDecimal(bid), BigDecimal.ONE)),
                List.of(new PriceLevel(new BigDecimal(ask), BigDecimal.ONE)), at);
    }

    @Test
    void anUncrossedMergedBookGivesItsOwnMid() {
        List<OrderBook> books = List.of(book("a", "49990", "50010", T), book("b", "49995", "50020", T));
        assertThat(ReferenceMid.crossed(books)).isFalse();
        assertThat(ReferenceMid.of(books)).isEqualByComparingTo("50002.5"); // 49995 (b) and 50010 (a)
    }

    @Test
    void aCrossedMergedBookGivesTheMedianOfTheVenuesMids() {
        // Three venues drifted apart by more than their spreads: the merged book is crossed (50040 bid > 50030 ask).
        List<OrderBook> books = List.of(book("a", "49990", "50000", T), book("b", "50040", "50050", T),
                book("c", "50020", "50030", T));
        assertThat(ReferenceMid.crossed(books)).isTrue();
        assertThat(BookWalk.consolidatedMid(books)).as("the old reference").isEqualByComparingTo("50020");
        assertThat(ReferenceMid.of(books)).isEqualByComparingTo("50025"); // mids 49995, 50045, 50025
        // An even count takes halfway between the two middle mids.
        List<OrderBook> four = new ArrayList<>(books);
        four.add(book("d", "50000", "50010", T));
        assertThat(ReferenceMid.of(four)).isEqualByComparingTo("50015"); // 50005 and 50025
    }

    @Test
    void oneDislocatedVenueDoesNotMoveTheReference() {
        // Five venues around 50 000 and one 1 % dear: its bid is above everyone's ask.
        List<OrderBook> books = Arrays.asList(book("a", "49995", "50005", T), book("b", "49996", "50006", T),
                book("c", "49994", "50004", T), book("d", "49995", "50005", T), book("e", "49997", "50007", T),
                book("dear", "50495", "50505", T), null);
        assertThat(BookWalk.consolidatedMid(books)).as("the old reference, 25 bps off").isEqualByComparingTo("50249.5");
        assertThat(ReferenceMid.of(books)).isEqualByComparingTo("50000.5"); // the median of the six mids
        // The same venue 1 % cheap.
        List<OrderBook> cheap = new ArrayList<>(books.subList(0, 5));
        cheap.add(book("cheap", "49495", "49505", T));
        assertThat(ReferenceMid.of(cheap)).isEqualByComparingTo("50000"); // 49500 is the lowest of six
    }

    @Test
    void aStaleVenueIsLeftOut() {
        // "old" was read 5 s before the others (routing fell back on its last book): it counts neither in the merged
        // book nor in the median.
        List<OrderBook> books = List.of(book("a", "49995", "50005", T.plusSeconds(5)),
                book("b", "49997", "50007", T.plusSeconds(5)), book("old", "49700", "49710", T));
        assertThat(ReferenceMid.crossed(books)).isFalse();
        assertThat(ReferenceMid.of(books)).isEqualByComparingTo("50001"); // 49997 and 50005
        // Read within the freshness window it counts: the merged book is crossed, the median decides.
        List<OrderBook> recent = List.of(books.get(0), books.get(1),
                book("old", "49700", "49710", T.plusSeconds(5).minus(ReferenceMid.FRESH_WITHIN)));
        assertThat(ReferenceMid.of(recent)).isEqualByComparingTo("50000");
    }

    @Test
    void noTwoSidedFreshBookGivesNoMidButRoutingStillGetsATouch() {
        OrderBook bidsOnly = new OrderBook("a", "BTCUSD", List.of(new PriceLevel(new BigDecimal("49990"), BigDecimal.ONE)),
                List.of(), T);
        assertThat(ReferenceMid.of(Arrays.asList(bidsOnly, null))).isNull();
        assertThat(ReferenceMid.orTouch(List.of(bidsOnly))).isEqualByComparingTo("49990");
    }
}
