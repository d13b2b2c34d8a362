package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.testing.Eventually;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.time.ManualClock;
import io.nija.core.order.Fill;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Books are fetched once per (venue, pair) however many lanes ask at once, and a stale book drops the venue out. */
class MarketDataTest {
    final ManualClock clock = new ManualClock(Markets.T0);
    final Instrument btc = Markets.btcUsd("binance");
    final OrderBook book = Markets.book(btc, "49990", "50000", "1");

    /** A venue whose book requests block until released, counting them; nothing else is asked of it here. */
    static final class SlowBooks implements Venue {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger fetches = new AtomicInteger();
        final OrderBook book;
        volatile boolean fail;

        SlowBooks(OrderBook book) {
            this.book = book;
        }

        @Override
        public OrderBook orderBook(Instrument instrument, int depth) {
            fetches.incrementAndGet();
            entered.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new VenueException(VenueErrorKind.VENUE_UNAVAILABLE, "no answer");
            }
            return book;
        }

        @Override public String name() { return "binance"; }
        @Override public List<Instrument> instruments() { throw new UnsupportedOperationException(); }
        @Override public FeeSchedule fees(VenueAccount a, Instrument i) { throw new UnsupportedOperationException(); }
        @Override public VenueOrderState placeOrder(VenueAccount a, VenueOrderRequest r) { throw new UnsupportedOperationException(); }
        @Override public VenueOrderState cancelOrder(VenueAccount a, Instrument i, String c) { throw new UnsupportedOperationException(); }
        @Override public Optional<VenueOrderState> queryOrder(VenueAccount a, Instrument i, String c) { throw new UnsupportedOperationException(); }
        @Override public List<VenueOrderState> openOrders(VenueAccount a) { throw new UnsupportedOperationException(); }
        @Override public List<Fill> fills(VenueAccount a, Instrument i, String c) { throw new UnsupportedOperationException(); }
        @Override public Map<String, BigDecimal> balances(VenueAccount a) { throw new UnsupportedOperationException(); }
    }

    @Test
    void concurrentLanesShareOneFetchOfTheSameBook() throws Exception {
        SlowBooks venue = new SlowBooks(book);
        MarketData md = new MarketData(Map.of("binance", (Venue) venue), clock, Duration.ofMillis(250), 20);
        java.util.concurrent.ExecutorService lanes = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<OrderBook> first = CompletableFuture.supplyAsync(() -> md.book(btc), lanes);
            assertThat(venue.entered.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<OrderBook> second = CompletableFuture.supplyAsync(() -> md.book(btc), lanes);
            Eventually.until("the second lane waits for the first fetch", () -> md.waitingFor(btc) == 1);
            venue.release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isSameAs(second.get(5, TimeUnit.SECONDS));
            assertThat(venue.fetches.get()).isEqualTo(1);
            assertThat(md.bookFetches()).isEqualTo(1);
        } finally {
            lanes.shutdownNow();
        }
    }

    @Test
    void lanesThatWaitedThroughAFailedFetchDoNotEachRepeatIt() throws Exception {
        SlowBooks venue = new SlowBooks(book);
        venue.fail = true;
        MarketData md = new MarketData(Map.of("binance", (Venue) venue), clock, Duration.ofMillis(250), 20);
        java.util.concurrent.ExecutorService lanes = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<OrderBook> first = CompletableFuture.supplyAsync(() -> md.book(btc), lanes);
            assertThat(venue.entered.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<OrderBook> second = CompletableFuture.supplyAsync(() -> md.book(btc), lanes);
            Eventually.until("the second lane waits for the first fetch", () -> md.waitingFor(btc) == 1);
            venue.release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(second.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(venue.fetches.get()).as("one timeout, not one per lane").isEqualTo(1);
        } finally {
            lanes.shutdownNow();
        }
        // A later lane, not one that waited through that failure, asks again.
        venue.fail = false;
        assertThat(md.book(btc)).isSameAs(book);
        assertThat(venue.fetches.get()).isEqualTo(2);
    }

    @Test
    void aBookOlderThanTheStalenessBoundIsNotUsedAndTheVenueDropsOut() {
        ScriptedVenue venue = new ScriptedVenue("binance", clock).list(btc, book);
        MarketData md = new MarketData(Map.of("binance", (Venue) venue), clock, Duration.ofMillis(250), 20);
        assertThat(md.book(btc)).isSameAs(book);
        venue.failBooks(new VenueException(VenueErrorKind.VENUE_UNAVAILABLE, "down"));
        clock.advance(Duration.ofSeconds(5));
        assertThat(md.book(btc)).as("a few seconds old: still a fair picture").isSameAs(book);
        clock.advance(MarketData.STALE_BOOK_LIMIT);
        assertThat(md.book(btc)).as("too old: the venue drops out").isNull();
    }
}
