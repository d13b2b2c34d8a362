package io.nija.venues.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.venue.OrderEvents;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderState;
import io.nija.venues.Fixtures;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Streams nobody asks about are closed: a private stream whose key has no order left to follow (the engine stops
 * asking about its health), a book nobody routes on. The next question opens them again. The dialects here have no
 * address, so nothing connects: only the supervisors' bookkeeping is under test.
 */
class IdleStreamsTest {
    private final ManualClock clock = Fixtures.clock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final StreamConfig config = new StreamConfig(Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofSeconds(90), Duration.ofMinutes(30)).withIdleAfter(Duration.ofMinutes(10));
    private final List<String> closedKeys = new CopyOnWriteArrayList<>();
    private final VenueAccount alice = Fixtures.account("alice", "x", "alicekey", "s");
    private final VenueAccount bob = Fixtures.account("bob", "x", "bobkey", "s");

    private final PrivateStreamDialect privateDialect = new PrivateStreamDialect() {
        @Override
        public String venue() {
            return "x";
        }

        @Override
        public URI connectUri(VenueAccount account) {
            throw new IllegalStateException("no address in this test");
        }

        @Override
        public List<String> onOpen(VenueAccount account, long nowMillis) {
            return List.of();
        }

        @Override
        public Parsed parse(String text) {
            return Parsed.NOTHING;
        }

        @Override
        public void closed(VenueAccount account) {
            closedKeys.add(account.apiKey());
        }
    };

    private final BookStreamDialect bookDialect = new BookStreamDialect() {
        @Override
        public String venue() {
            return "x";
        }

        @Override
        public URI connectUri(Instrument instrument) {
            throw new IllegalStateException("no address in this test");
        }

        @Override
        public List<String> subscribe(Instrument instrument) {
            return List.of();
        }

        @Override
        public Optional<BookMessage> parse(String text) {
            return Optional.empty();
        }
    };

    private static final OrderEvents NO_EVENTS = new OrderEvents() {
        @Override
        public void orderState(VenueAccount account, VenueOrderState state) {
        }

        @Override
        public void streamChanged(VenueAccount account, boolean up) {
        }
    };

    @Test
    void aKeyTheEngineStoppedAskingAboutLosesItsStreamAndGetsItBackOnTheNextQuestion() {
        try (StreamSupervisor streams = new StreamSupervisor(Map.of("x", privateDialect), NO_EVENTS, scheduler, clock,
                config)) {
            streams.healthy(alice);
            streams.healthy(bob);
            PrivateStream alicesFirst = streams.stream(alice).orElseThrow();
            assertThat(streams.streams()).hasSize(2);

            scheduler.advance(Duration.ofMinutes(6));
            streams.healthy(bob); // bob still has a resting order: the engine keeps asking
            scheduler.advance(Duration.ofMinutes(3));
            assertThat(streams.streams()).as("nothing idle for 10 minutes yet").hasSize(2);

            scheduler.advance(Duration.ofMinutes(7));
            assertThat(streams.streams()).hasSize(1);
            assertThat(streams.stream(bob)).isPresent();
            assertThat(closedKeys).containsExactly("alicekey");
            assertThat(alicesFirst.state()).isEqualTo(PrivateStream.State.CLOSED);

            streams.healthy(alice);
            assertThat(streams.streams()).hasSize(2);
            assertThat(streams.stream(alice).orElseThrow()).isNotSameAs(alicesFirst);
        }
    }

    @Test
    void aBookNobodyRoutesOnIsUnsubscribed() {
        Instrument btc = Fixtures.instrument("x", "BTCUSD", "0.01", "0.0001");
        Instrument eth = new Instrument("x", io.nija.core.instrument.Pair.parse("ETH-USD"), "ETHUSD",
                new java.math.BigDecimal("0.01"), new java.math.BigDecimal("0.001"), new java.math.BigDecimal("0.001"),
                java.math.BigDecimal.ONE);
        try (BookSupervisor books = new BookSupervisor(Map.of("x", bookDialect), scheduler, clock, config, 20)) {
            books.book(btc);
            books.book(eth);
            for (int minute = 0; minute < 16; minute++) {
                scheduler.advance(Duration.ofMinutes(1));
                books.book(btc); // routed on every minute
            }
            assertThat(books.streams().keySet()).containsExactly(btc);

            books.book(eth);
            assertThat(books.streams().keySet()).containsExactlyInAnyOrder(btc, eth);
        }
    }
}
