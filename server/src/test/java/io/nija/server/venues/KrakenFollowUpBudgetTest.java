package io.nija.server.venues;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.execution.ExecutionReport;
import io.nija.core.execution.ExecutionTask;
import io.nija.core.execution.ExecutorConfig;
import io.nija.core.execution.TaskKind;
import io.nija.core.execution.VenueExecutor;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.ClientOrderIds;
import io.nija.core.order.Fill;
import io.nija.core.order.OrderType;
import io.nija.core.routing.ExecutionStats;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.time.ManualScheduler;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.OrderView;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.market.SeededMarkets;
import io.nija.venues.common.HttpTimeouts;
import io.nija.venues.kraken.KrakenVenue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router's follow-up of a Kraken order once the key's REST call counter is spent, in virtual time: the
 * Kraken adapter (Starter tier, the conservative default) against the simulator's Kraken dialect over loopback,
 * asked through a real {@link VenueExecutor} (inline, in virtual time) exactly as the order workflow asks. The executor
 * reserves each question's whole cost from the adapter's budget before sending it and holds the question until the
 * counter can pay; the clock moves 10 s at a time.
 *
 * <p>Kraken's counter decays by 0.33 a second on Starter, so about 3.3 units come back between two questions. A
 * closed order with fills takes several calls to read (the order, then its trades at cost 2); the follow-up must
 * still conclude, which it can only do if a lookup the counter cannot pay for in full spends nothing.
 */
class KrakenFollowUpBudgetTest {
    private static final long SEED = 20260105L;
    private static final Duration LONGEST_WAIT_BETWEEN_QUESTIONS = Duration.ofSeconds(10);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private SimHttpServer server;
    private MatchingEngine engine;
    private KrakenVenue kraken;
    private VenueExecutor executor;
    private VenueAccount account;
    private Instrument instrument;

    @BeforeEach
    void start() {
        SimulatedExchanges sim = new SimulatedExchanges(clock, SEED, List.of(SeededMarkets.venue("kraken")), Sleeper.none());
        server = SimHttpServer.start(sim, 0);
        engine = sim.engine("kraken");
        account = sim.openPaperAccount("budget-user", "kraken");
        kraken = new KrakenVenue(server.baseUrl("kraken"), clock, new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        executor = new VenueExecutor(kraken, ExecutorConfig.defaults().withInlineCalls(), clock, scheduler,
                new ExecutionStats(100));
        instrument = kraken.instruments().stream().filter(i -> i.pair().base().equals("BTC")).findFirst().orElseThrow();
    }

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theFollowUpQuestionOfAFilledOrderConcludesWithItsFillsOnASpentCounter() throws Exception {
        VenueOrderRequest request = filledMarketBuy();
        spendTheRestCounter();

        ExecutionReport report = askUntilAnswered(request, TaskKind.QUERY);

        assertFilledWithTheEnginesFills(report, request);
    }

    @Test
    void theTimeToLiveCancelOfAnOrderThatFilledMeanwhileConcludesWithItsFillsOnASpentCounter() throws Exception {
        VenueOrderRequest request = filledMarketBuy();
        spendTheRestCounter();

        // Kraken answers "EOrder:Unknown order" (the order is closed); the cancel then reads the final state.
        ExecutionReport report = askUntilAnswered(request, TaskKind.CANCEL);

        assertFilledWithTheEnginesFills(report, request);
    }

    @Test
    void aRefusedLookupSpendsNothingOfTheCounter() {
        VenueOrderRequest request = filledMarketBuy();
        spendTheRestCounter();
        // Enough for one call, not for the whole lookup (the order, then its trades).
        clock.advance(Duration.ofSeconds(7));
        long before = restUnitsLeft();
        VenueException e = org.assertj.core.api.Assertions.catchThrowableOfType(VenueException.class,
                () -> kraken.queryOrder(account, instrument, request.clientOrderId()));
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).isPositive();
        assertThat(restUnitsLeft()).isEqualTo(before);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** A market buy through the adapter; the simulator fills it at once. */
    private VenueOrderRequest filledMarketBuy() {
        BigDecimal ask = engine.book(instrument.symbol(), 1).bestAsk();
        BigDecimal qty = Decimals.ceilToStep(new BigDecimal("200").divide(ask, 12, RoundingMode.UP), instrument.lotSize())
                .max(instrument.minQty());
        VenueOrderRequest request = new VenueOrderRequest(instrument,
                ClientOrderIds.forLeg("kraken", "budget-" + UUID.randomUUID(), 0, 0), Side.BUY, OrderType.MARKET, qty, null);
        kraken.placeOrder(account, request);
        assertThat(engine.orderByClientId(account.apiKey(), request.clientOrderId()).orElseThrow().filledQty())
                .isEqualByComparingTo(qty);
        return request;
    }

    /** Reads balances until the adapter's own mirror of the REST counter refuses: the counter is spent. */
    private void spendTheRestCounter() {
        for (int i = 0; i < 100; i++) {
            try {
                kraken.balances(account);
            } catch (VenueException e) {
                assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.RATE_LIMITED);
                return;
            }
        }
        throw new AssertionError("the REST counter was never spent");
    }

    private long restUnitsLeft() {
        return kraken.rateLimits().limiter().available(kraken.rateLimits().restRule(),
                io.nija.venues.common.Hashing.fingerprint(account.apiKey()));
    }

    /**
     * Asks once through the executor and lets virtual time pass 10 s at a time (at most a minute) until the answer
     * comes: the executor sends the question only when the key's counter can pay for all of it. Never a failure report.
     */
    private ExecutionReport askUntilAnswered(VenueOrderRequest request, TaskKind kind) throws Exception {
        CompletableFuture<ExecutionReport> answer = new CompletableFuture<>();
        ExecutionTask place = new ExecutionTask(TaskKind.PLACE, "budget-user", "order-1", "order-1-0", 3,
                instrument.pair(), account, request, answer::complete, () -> false);
        executor.submit(kind == TaskKind.CANCEL ? place.asCancel() : place.asQuery());
        for (int waits = 0; waits < 6 && !answer.isDone(); waits++) {
            scheduler.advance(LONGEST_WAIT_BETWEEN_QUESTIONS);
        }
        assertThat(answer).as("answered within a minute of virtual time").isDone();
        return answer.get(1, TimeUnit.SECONDS);
    }

    private void assertFilledWithTheEnginesFills(ExecutionReport report, VenueOrderRequest request) {
        assertThat(report).isInstanceOf(ExecutionReport.VenueState.class);
        VenueOrderState state = ((ExecutionReport.VenueState) report).state();
        OrderView inEngine = engine.orderByClientId(account.apiKey(), request.clientOrderId()).orElseThrow();
        assertThat(state.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(state.filledQty()).isEqualByComparingTo(inEngine.filledQty());
        assertThat(state.fills()).hasSize(inEngine.fills().size());
        assertThat(state.fills().stream().map(Fill::quantity).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(inEngine.filledQty());
    }
}
