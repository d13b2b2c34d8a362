package io.nija.venues;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.execution.ExecutionReport;
import io.nija.core.execution.TaskKind;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.venues.StubServer.Reply;
import io.nija.venues.binance.BinanceVenue;
import io.nija.venues.common.LimiterBudget;
import io.nija.venues.common.RateLimiter;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executor and a real adapter's budget together (Binance over a stub, inline in virtual time): the executor asks the
 * venue's budget before it takes a task, so a call the budget refuses is never sent and never reported as failed; it
 * waits, holding nothing, for exactly the limit that refused it.
 */
class BudgetedExecutorTest {
    static final String FULL_ORDER = """
            {"symbol":"BTCUSDT","orderId":28,"clientOrderId":"nj1","transactTime":1507725176595,"price":"65000.00",
             "origQty":"0.00100000","executedQty":"0.00000000","cummulativeQuoteQty":"0","status":"NEW",
             "timeInForce":"GTC","type":"LIMIT","side":"BUY","fills":[]}""";
    static final String IP_WEIGHT_429 =
            "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 6000 request weight per 1 MINUTE.\"}";
    static final String ACCOUNT_ORDERS_429 =
            "{\"code\":-1015,\"msg\":\"Too many new orders; current limit is 10 orders per SECOND.\"}";

    StubServer stub;
    ManualClock clock;
    BinanceVenue venue;
    ExecutorHarness h;
    final VenueAccount alice = Fixtures.account("alice", "binance", "alicekey", "alicesecret");
    final VenueAccount bob = Fixtures.account("bob", "binance", "bobkey", "bobsecret");
    final Instrument btc = Fixtures.instrument("binance", "BTCUSDT", "0.01", "0.00001");

    @BeforeEach
    void setUp() {
        stub = new StubServer();
        clock = Fixtures.clock();
        venue = new BinanceVenue(stub.baseUrl(), clock, Fixtures.FAST);
        h = new ExecutorHarness(venue, clock);
    }

    @AfterEach
    void tearDown() {
        h.close();
        stub.close();
    }

    private VenueOrderRequest limit(String clientId) {
        return new VenueOrderRequest(btc, clientId, Side.BUY, OrderType.LIMIT, new BigDecimal("0.001"),
                new BigDecimal("65000"));
    }

    /** Answers alice's first order with {@code first} (a 429 with Retry-After 7 s), every other order accepted. */
    private void aliceFirstAnswered(String first) {
        AtomicBoolean answered = new AtomicBoolean();
        stub.on("POST", "/api/v3/order", r -> "alicekey".equals(r.header("X-MBX-APIKEY")) && answered.compareAndSet(false, true)
                ? Reply.status(429, first).withHeader("Retry-After", "7")
                : Reply.json(FULL_ORDER));
    }

    private long ordersSent() {
        return stub.count("/api/v3/order");
    }

    @Test
    void aSharedIpLimitAnswerPausesTheWholeVenueAndOtherUsersCallsWaitUnsent() {
        aliceFirstAnswered(IP_WEIGHT_429);
        assertThat(h.place(alice, limit("a1"))).isInstanceOfSatisfying(ExecutionReport.NotSent.class,
                r -> assertThat(r.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED));

        // Binance counts weight per IP: bob's order must wait too. It is neither sent nor answered "not sent"
        // (the executor used to take it, have the adapter refuse it, and report it failed).
        h.submit(TaskKind.PLACE, bob, limit("b1"));
        assertThat(ordersSent()).isEqualTo(1);
        assertThat(h.reportsFor("bob")).isEmpty();

        h.advance(Duration.ofSeconds(7));
        assertThat(ordersSent()).isEqualTo(2);
        assertThat(h.reportsFor("bob")).singleElement().isInstanceOf(ExecutionReport.VenueState.class);
    }

    @Test
    void anAccountLimitAnswerPausesOnlyThatKeyWhileOtherUsersKeepTrading() {
        aliceFirstAnswered(ACCOUNT_ORDERS_429);
        assertThat(h.place(alice, limit("a1"))).isInstanceOf(ExecutionReport.NotSent.class);

        h.submit(TaskKind.PLACE, alice, limit("a2"));
        assertThat(ordersSent()).as("alice's next order waits for her own back-off").isEqualTo(1);
        assertThat(h.place(bob, limit("b1"))).as("bob is not held up").isInstanceOf(ExecutionReport.VenueState.class);
        assertThat(ordersSent()).isEqualTo(2);

        h.advance(Duration.ofSeconds(7));
        assertThat(ordersSent()).isEqualTo(3);
        assertThat(h.reportsFor("alice")).hasSize(2).last().isInstanceOf(ExecutionReport.VenueState.class);
    }

    @Test
    void theExecutorNeverSendsNorFailsACallItsBudgetRefused() {
        stub.on("POST", "/api/v3/order", Reply.json(FULL_ORDER));
        // Binance allows an account 10 new orders a second; 12 arrive at once.
        for (int i = 0; i < 12; i++) {
            h.submit(TaskKind.PLACE, alice, limit("a" + i));
        }
        assertThat(ordersSent()).isEqualTo(10);
        assertThat(h.reports).hasSize(10).allMatch(r -> r instanceof ExecutionReport.VenueState);

        h.advance(Duration.ofSeconds(1));
        assertThat(ordersSent()).isEqualTo(12);
        assertThat(h.reports).hasSize(12).allMatch(r -> r instanceof ExecutionReport.VenueState);
    }

    @Test
    void aBanToldToOneInstanceHoldsTheOtherInstancesSendsToo() {
        // Two router instances behind one egress address, each with its own adapter, limiter and executor; their
        // limiters tell each other their back-offs (in a cluster through PostgreSQL, here directly).
        BinanceVenue otherVenue = new BinanceVenue(stub.baseUrl(), clock, Fixtures.FAST);
        RateLimiter here = ((LimiterBudget) venue.budget().orElseThrow()).limiter();
        RateLimiter there = ((LimiterBudget) otherVenue.budget().orElseThrow()).limiter();
        here.shareHolds(there::heldElsewhere);
        there.shareHolds(here::heldElsewhere);
        try (ExecutorHarness other = new ExecutorHarness(otherVenue, clock)) {
            aliceFirstAnswered(IP_WEIGHT_429);
            assertThat(h.place(alice, limit("a1"))).isInstanceOf(ExecutionReport.NotSent.class);

            other.submit(TaskKind.PLACE, bob, limit("b1"));
            assertThat(ordersSent()).as("the other instance does not send into the ban").isEqualTo(1);
            assertThat(other.reportsFor("bob")).isEmpty();

            other.advance(Duration.ofSeconds(7));
            assertThat(ordersSent()).isEqualTo(2);
            assertThat(other.reportsFor("bob")).singleElement().isInstanceOf(ExecutionReport.VenueState.class);
        }
    }
}
