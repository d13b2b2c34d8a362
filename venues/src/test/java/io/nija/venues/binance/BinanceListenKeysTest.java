package io.nija.venues.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.venues.Fixtures;
import io.nija.venues.StubServer;
import io.nija.venues.StubServer.Reply;
import io.nija.venues.common.Charge;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The user data stream's listen-key calls go through the adapter's limiter, like every other Binance call. */
class BinanceListenKeysTest {
    StubServer stub;
    ManualClock clock;
    BinanceVenue venue;
    VenueAccount alice = Fixtures.account("alice", "binance", "alicekey", "alicesecret");

    @BeforeEach
    void setUp() {
        stub = new StubServer();
        clock = Fixtures.clock();
        venue = new BinanceVenue(stub.baseUrl(), clock, Fixtures.FAST);
        stub.on("POST", "/api/v3/userDataStream", Reply.json("{\"listenKey\":\"lk1\"}"));
        stub.on("PUT", "/api/v3/userDataStream", Reply.json("{}"));
        stub.on("DELETE", "/api/v3/userDataStream", Reply.json("{}"));
    }

    @AfterEach
    void tearDown() {
        stub.close();
    }

    private long weightLeft() {
        return venue.rateLimits().limiter().available(venue.rateLimits().weightRule(), Charge.SHARED_IP);
    }

    @Test
    void eachListenKeyCallWeighsTwoOnTheSharedIpWeight() {
        BinanceUserStream stream = new BinanceUserStream(venue.listenKeys(), URI.create("ws://127.0.0.1:1"));
        long before = weightLeft();

        URI uri = stream.connectUri(alice);
        stream.keepAlive(alice);
        stream.closed(alice);

        assertThat(uri.toString()).endsWith("/ws/lk1");
        assertThat(before - weightLeft()).isEqualTo(3L * BinanceVenue.LISTEN_KEY_WEIGHT);
        assertThat(stub.last("/api/v3/userDataStream").header("X-MBX-APIKEY")).isEqualTo("alicekey");
        assertThat(stub.last("/api/v3/userDataStream").query()).containsEntry("listenKey", "lk1");
    }

    @Test
    void aBackOffAnsweredToAnyCallHoldsListenKeyCallsToo() {
        stub.on("GET", "/api/v3/depth", Reply.status(429, "{\"code\":-1003,\"msg\":\"Too many requests\"}")
                .withHeader("Retry-After", "30"));
        assertThatThrownBy(() -> venue.orderBook(Fixtures.instrument("binance", "BTCUSDT", "0.01", "0.00001"), 5))
                .isInstanceOf(VenueException.class);

        assertThatThrownBy(() -> venue.listenKeys().create(alice))
                .isInstanceOfSatisfying(VenueException.class, e -> assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED));
        assertThat(stub.count("/api/v3/userDataStream")).as("not sent while the IP is backed off").isZero();
    }
}
