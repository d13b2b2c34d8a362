package io.nija.sim.venue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.sim.SimulatedExchanges;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class InProcessVenueTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final SimulatedExchanges sim = new SimulatedExchanges(clock, 21);
    private final InProcessVenue binance = sim.venue("binance");
    private final VenueAccount alice = sim.openPaperAccount("alice", "binance");
    private final Instrument btc = binance.instruments().stream().filter(i -> i.symbol().equals("BTCUSDT")).findFirst().orElseThrow();

    @Test
    void placeQueryFillsCancelOpenOrdersAndBalancesRoundTrip() {
        BigDecimal bestBid = binance.orderBook(btc, 1).bestBid();
        BigDecimal restingPrice = bestBid.subtract(new BigDecimal("100"));

        VenueOrderState placed = binance.placeOrder(alice, limit("rest-1", Side.BUY, "0.1", restingPrice));
        assertThat(placed.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(placed.venueOrderId()).isNotBlank();
        assertThat(placed.symbol()).isEqualTo("BTCUSDT");
        assertThat(binance.queryOrder(alice, btc, "rest-1")).get().extracting(VenueOrderState::venueOrderId)
                .isEqualTo(placed.venueOrderId());
        assertThat(binance.openOrders(alice)).extracting(VenueOrderState::clientOrderId).containsExactly("rest-1");
        BigDecimal locked = restingPrice.multiply(new BigDecimal("0.1")).multiply(new BigDecimal("1.001"));
        assertThat(binance.balances(alice).get("USDT")).isEqualByComparingTo(new BigDecimal("1000000").subtract(locked));

        VenueOrderState cancelled = binance.cancelOrder(alice, btc, "rest-1");
        assertThat(cancelled.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(binance.openOrders(alice)).isEmpty();
        assertThat(binance.balances(alice).get("USDT")).isEqualByComparingTo("1000000");

        clock.advance(Duration.ofSeconds(5));
        BigDecimal bestAsk = binance.orderBook(btc, 1).bestAsk();
        VenueOrderState bought = binance.placeOrder(alice,
                new VenueOrderRequest(btc, "mkt-1", Side.BUY, OrderType.MARKET, new BigDecimal("0.5"), null));
        assertThat(bought.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(bought.filledQty()).isEqualByComparingTo("0.5");
        assertThat(bought.averagePrice()).isBetween(bestAsk, bestAsk.multiply(new BigDecimal("1.001")));
        Fill fill = bought.fills().get(0);
        assertThat(fill.venue()).isEqualTo("binance");
        assertThat(fill.liquidity()).isEqualTo(Liquidity.TAKER);
        assertThat(fill.feeAsset()).isEqualTo("USDT");
        assertThat(fill.fee()).isEqualByComparingTo(fill.notional().multiply(new BigDecimal("0.001")).setScale(8, java.math.RoundingMode.DOWN));
        assertThat(fill.time()).isEqualTo(clock.now());
        assertThat(binance.fills(alice, btc, "mkt-1")).isEqualTo(bought.fills());

        BigDecimal notional = bought.fills().stream().map(Fill::notional).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal fees = bought.fills().stream().map(Fill::fee).reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, BigDecimal> balances = binance.balances(alice);
        assertThat(balances.get("BTC")).isEqualByComparingTo("5.5");
        assertThat(balances.get("USDT")).isEqualByComparingTo(new BigDecimal("1000000").subtract(notional).subtract(fees));
    }

    @Test
    void queryOfAClientOrderIdTheVenueNeverSawIsEmpty() {
        assertThat(binance.queryOrder(alice, btc, "never-sent")).isEmpty();
        assertThat(binance.fills(alice, btc, "never-sent")).isEmpty();
    }

    @Test
    void anotherUsersOrdersAreInvisible() {
        VenueAccount bob = sim.openPaperAccount("bob", "binance");
        binance.placeOrder(alice, limit("a-1", Side.BUY, "0.1", binance.orderBook(btc, 1).bestBid().subtract(BigDecimal.TEN)));

        assertThat(binance.queryOrder(bob, btc, "a-1")).isEmpty();
        assertThat(binance.openOrders(bob)).isEmpty();
    }

    @Test
    void anIocRemainderIsReportedCancelledWithItsFills() {
        BigDecimal bestAsk = binance.orderBook(btc, 1).bestAsk();
        BigDecimal topQty = binance.orderBook(btc, 1).asks().get(0).quantity();

        VenueOrderState ioc = binance.placeOrder(alice, new VenueOrderRequest(btc, "ioc-1", Side.BUY, OrderType.IOC,
                topQty.add(new BigDecimal("1")), bestAsk));

        assertThat(ioc.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        assertThat(ioc.filledQty()).isEqualByComparingTo(topQty);
        assertThat(ioc.fills()).isNotEmpty();
        assertThat(ioc.reason()).contains("expired");
    }

    @Test
    void cancellingAnOrderThatAlreadyFilledAnswersWithItsFinalState() {
        binance.placeOrder(alice, new VenueOrderRequest(btc, "m-1", Side.BUY, OrderType.MARKET, new BigDecimal("0.01"), null));

        VenueOrderState state = binance.cancelOrder(alice, btc, "m-1");

        assertThat(state.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(state.fills()).isNotEmpty();
    }

    @Test
    void cancellingAnUnknownOrderIsOrderNotFound() {
        assertKind(VenueErrorKind.ORDER_NOT_FOUND, () -> binance.cancelOrder(alice, btc, "nope"));
    }

    @Test
    void aWrongSecretFailsAuthenticationOnEveryPrivateCall() {
        VenueAccount forged = new VenueAccount("alice", "binance", alice.apiKey(), "wrong", null);

        assertKind(VenueErrorKind.AUTH_FAILED, () -> binance.balances(forged));
        assertKind(VenueErrorKind.AUTH_FAILED, () -> binance.placeOrder(forged, limit("x", Side.BUY, "0.1", new BigDecimal("60000"))));
        assertKind(VenueErrorKind.AUTH_FAILED, () -> binance.queryOrder(forged, btc, "x"));
        assertKind(VenueErrorKind.AUTH_FAILED, () -> binance.openOrders(forged));
        assertKind(VenueErrorKind.AUTH_FAILED, () -> binance.fees(forged, btc));
        assertThat(binance.openOrders(alice)).isEmpty();
    }

    @Test
    void anAccountOfAnotherVenueFailsAuthentication() {
        VenueAccount krakenAccount = sim.openPaperAccount("alice", "kraken");

        assertKind(VenueErrorKind.AUTH_FAILED, () -> binance.balances(krakenAccount));
    }

    @Test
    void anInstrumentOfAnotherVenueIsAnInvalidSymbol() {
        Instrument krakenBtc = sim.venue("kraken").instruments().get(0);

        assertKind(VenueErrorKind.INVALID_SYMBOL, () -> binance.orderBook(krakenBtc, 5));
        assertKind(VenueErrorKind.INVALID_SYMBOL,
                () -> binance.placeOrder(alice, new VenueOrderRequest(krakenBtc, "k", Side.BUY, OrderType.MARKET, BigDecimal.ONE, null)));
    }

    @Test
    void anOrderTheAccountCannotPayForIsInsufficientFunds() {
        assertKind(VenueErrorKind.INSUFFICIENT_FUNDS, () -> binance.placeOrder(alice,
                new VenueOrderRequest(btc, "big", Side.BUY, OrderType.MARKET, new BigDecimal("100"), null)));
        assertThat(binance.queryOrder(alice, btc, "big")).isEmpty();
    }

    @Test
    void aDuplicateOpenClientOrderIdIsRejected() {
        BigDecimal price = binance.orderBook(btc, 1).bestBid().subtract(BigDecimal.TEN);
        binance.placeOrder(alice, limit("dup", Side.BUY, "0.1", price));

        assertKind(VenueErrorKind.DUPLICATE_ORDER, () -> binance.placeOrder(alice, limit("dup", Side.BUY, "0.1", price)));
    }

    @Test
    void feesAreTheAccountsRates() {
        assertThat(binance.fees(alice, btc).maker()).isEqualByComparingTo("0.001");
        assertThat(sim.venue("coinbase").fees(sim.openPaperAccount("alice", "coinbase"),
                sim.venue("coinbase").instruments().get(0)).taker()).isEqualByComparingTo("0.006");
    }

    @Test
    void everyVenueFillsAMarketOrderForItsBtcPair() {
        for (String name : sim.venueNames()) {
            InProcessVenue venue = sim.venue(name);
            VenueAccount account = sim.openPaperAccount("alice", name);
            Instrument instrument = venue.instruments().get(0);

            VenueOrderState state = venue.placeOrder(account,
                    new VenueOrderRequest(instrument, "m-" + name, Side.BUY, OrderType.MARKET, new BigDecimal("0.01"), null));

            assertThat(state.status()).as(name).isEqualTo(VenueOrderStatus.FILLED);
            assertThat(List.copyOf(venue.fills(account, instrument, "m-" + name))).as(name).isNotEmpty();
        }
    }

    private VenueOrderRequest limit(String cid, Side side, String qty, BigDecimal price) {
        return new VenueOrderRequest(btc, cid, side, OrderType.LIMIT, new BigDecimal(qty), price);
    }

    static void assertKind(VenueErrorKind kind, ThrowingCallable call) {
        VenueException e = catchThrowableOfType(VenueException.class, call);
        assertThat(e).as("expected VenueException " + kind).isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
    }
    @Test
    void venuesWithStopOrdersPlaceThemInProcessAndOkxRefusesThemBeforeTheEngineSeesThem() {
        // A short's stop loss: a buy that fires when the price rises to it (the paper account holds only USDT).
        BigDecimal ask = binance.orderBook(btc, 1).bestAsk();
        BigDecimal stop = ask.add(new BigDecimal("50"));
        VenueOrderState waiting = binance.placeOrder(alice, VenueOrderRequest.triggered(btc, "sl-1", Side.BUY,
                new BigDecimal("0.1"), stop.add(new BigDecimal("100")), io.nija.core.venue.NativeTrigger.stopLoss(stop)));
        assertThat(waiting.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(sim.engine("binance").orderByClientId(alice.apiKey(), "sl-1").orElseThrow().waitingForTrigger()).isTrue();
        assertThat(binance.nativeStops().locksFunds()).isTrue();
        assertThat(sim.venue("bybit").nativeStops().locksFunds()).isFalse();

        // Kraken and Coinbase hold a waiting order's funds; Alpaca's stop_limit is a stop loss only.
        assertThat(sim.venue("kraken").nativeStops()).isEqualTo(new io.nija.core.venue.NativeStops(true, true, true));
        assertThat(sim.venue("coinbase").nativeStops()).isEqualTo(new io.nija.core.venue.NativeStops(true, true, true));
        assertThat(sim.venue("alpaca").nativeStops()).isEqualTo(new io.nija.core.venue.NativeStops(true, false, true));

        InProcessVenue okx = sim.venue("okx");
        VenueAccount bob = sim.openPaperAccount("bob", "okx");
        Instrument okxBtc = okx.instruments().get(0);
        BigDecimal okxBid = okx.orderBook(okxBtc, 1).bestBid();
        assertThat(okx.nativeStops()).isEqualTo(io.nija.core.venue.NativeStops.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> okx.placeOrder(bob, VenueOrderRequest.triggered(
                        okxBtc, "sl-2", Side.SELL, okxBtc.minQty().max(okxBtc.lotSize()).multiply(BigDecimal.TEN),
                        okxBid.multiply(new BigDecimal("0.9")).setScale(okxBtc.tickSize().scale(), java.math.RoundingMode.DOWN),
                        io.nija.core.venue.NativeTrigger.stopLoss(okxBid))))
                .isInstanceOfSatisfying(io.nija.core.venue.VenueException.class,
                        e -> assertThat(e.kind()).isEqualTo(io.nija.core.venue.VenueErrorKind.INVALID_PRICE_OR_QTY));
        assertThat(sim.engine("okx").orders(bob.apiKey())).isEmpty();
    }
}
