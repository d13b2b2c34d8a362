package io.nija.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.order.OrderType;
import io.nija.core.paper.PaperVenue;
import io.nija.core.signal.Side;
import io.nija.core.testing.Markets;
import io.nija.core.testing.ScriptedVenue;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderStatus;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Paper and live users in one engine over the same venue: the paper user's orders never reach it. */
class PaperUsersTest {
    final EngineHarness h = new EngineHarness();
    final FeeSchedule paperFees = new FeeSchedule(new BigDecimal("0.0008"), new BigDecimal("0.002"));
    final PaperVenue paper = new PaperVenue(h.binance, h.clock, paperFees);

    PaperUsersTest() {
        // Three ask levels of 0.015 BTC from 50 000, one tick apart: a 0.02 BTC buy walks into the second.
        h.binance.list(h.btcBinance, Markets.book(h.btcBinance, "49990", "50000", "0.015", 3));
        h.venues.put("binance", paper);
        h.accounts = (user, venue) -> Optional.of(user.startsWith("paper")
                ? PaperVenue.account(user, venue) : EngineHarness.account(user, venue).orElseThrow());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aPaperUsersOrderIsFilledFromTheVenuesBookAtTheTakerFeeAndNeverSentWhileALiveUsersIs() {
        h.user("paper1");
        h.user("live1");
        h.start();
        String paperOrder = h.submit(h.buy("paper1", "1000"));
        String liveOrder = h.submit(h.buy("live1", "1000"));
        Order p = h.awaitStatus(paperOrder, OrderStatus.FILLED);
        h.awaitStatus(liveOrder, OrderStatus.FILLED);

        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).singleElement()
                .satisfies(c -> assertThat(c.userId()).isEqualTo("live1"));
        assertThat(p.filledQty()).isEqualByComparingTo("0.02");
        assertThat(p.legs().get(0).fills()).extracting(f -> f.price().stripTrailingZeros().toPlainString() + " x "
                        + f.quantity().stripTrailingZeros().toPlainString())
                .containsExactly("50000 x 0.015", "50000.01 x 0.005");
        assertThat(p.legs().get(0).fills()).allSatisfy(f -> assertThat(f.liquidity()).isEqualTo(Liquidity.TAKER));
        // 0.2 % of 1000.00005
        assertThat(p.fees()).isEqualByComparingTo("2.0000001");
        var balances = paper.balances(PaperVenue.account("paper1", "binance"));
        assertThat(balances.get("BTC")).isEqualByComparingTo("0.02");
        assertThat(balances.get("USD")).isEqualByComparingTo(new BigDecimal("100000").subtract(new BigDecimal("1000.00005"))
                .subtract(new BigDecimal("2.0000001")));
    }

    @Test
    void aPaperLimitRestsUntilTheBookCrossesItThenFillsAtItsPriceAsAMaker() {
        var account = PaperVenue.account("paper2", "binance");
        var rest = paper.placeOrder(account, new VenueOrderRequest(h.btcBinance, "c1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.01"), new BigDecimal("49000")));
        assertThat(rest.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(paper.openOrders(account)).hasSize(1);
        h.binance.list(h.btcBinance, Markets.book(h.btcBinance, "48990", "49000", "0.015", 3));
        var filled = paper.queryOrder(account, h.btcBinance, "c1").orElseThrow();
        assertThat(filled.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(filled.fills()).singleElement().satisfies(f -> {
            assertThat(f.price()).isEqualByComparingTo("49000");
            assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER);
            assertThat(f.fee()).isEqualByComparingTo("0.392"); // 0.08 % of 490
        });
        assertThat(paper.openOrders(account)).isEmpty();
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).isEmpty();
    }

    @Test
    void aPaperAccountCannotSpendMoreThanItHolds() {
        var account = PaperVenue.account("paper3", "binance");
        h.binance.list(h.btcBinance, Markets.book(h.btcBinance, "49990", "50000", "10", 3));
        var state = paper.placeOrder(account, new VenueOrderRequest(h.btcBinance, "c2", Side.BUY, OrderType.MARKET,
                new BigDecimal("5"), null));
        // 100 000 USD at 50 000 with a 0.2 % fee buys 1.99600 BTC on the 0.00001 lot; the rest of a market order lapses.
        assertThat(state.filledQty()).isEqualByComparingTo("1.996");
        assertThat(state.status()).isEqualTo(VenueOrderStatus.CANCELLED);
        var sell = paper.placeOrder(account, new VenueOrderRequest(h.btcBinance, "c3", Side.SELL, OrderType.MARKET,
                new BigDecimal("3"), null));
        assertThat(sell.filledQty()).isEqualByComparingTo("1.996");
    }
    @Test
    void aSecondPaperOrderSeesTheDepthTheFirstTookUntilTheBookHasHadTimeToRefill() {
        var first = paper.placeOrder(PaperVenue.account("paper4", "binance"), new VenueOrderRequest(h.btcBinance, "d1",
                Side.BUY, OrderType.MARKET, new BigDecimal("0.01"), null));
        assertThat(first.fills()).extracting(f -> f.price().stripTrailingZeros().toPlainString() + " x "
                + f.quantity().stripTrailingZeros().toPlainString()).containsExactly("50000 x 0.01");
        // Another paper user a moment later: 0.005 is left at 50 000, the rest comes from the next level.
        var second = paper.placeOrder(PaperVenue.account("paper5", "binance"), new VenueOrderRequest(h.btcBinance, "d2",
                Side.BUY, OrderType.MARKET, new BigDecimal("0.01"), null));
        assertThat(second.fills()).extracting(f -> f.price().stripTrailingZeros().toPlainString() + " x "
                        + f.quantity().stripTrailingZeros().toPlainString())
                .containsExactly("50000 x 0.005", "50000.01 x 0.005");
        // Sells take the bids, which the buys did not touch.
        var sell = paper.placeOrder(PaperVenue.account("paper4", "binance"), new VenueOrderRequest(h.btcBinance, "d3",
                Side.SELL, OrderType.MARKET, new BigDecimal("0.01"), null));
        assertThat(sell.fills()).singleElement().satisfies(f -> assertThat(f.price()).isEqualByComparingTo("49990"));
        // Past the memory the venue's book counts as refilled.
        h.clock.advance(java.time.Duration.ofSeconds(31));
        var later = paper.placeOrder(PaperVenue.account("paper6", "binance"), new VenueOrderRequest(h.btcBinance, "d4",
                Side.BUY, OrderType.MARKET, new BigDecimal("0.01"), null));
        assertThat(later.fills()).singleElement().satisfies(f -> assertThat(f.price()).isEqualByComparingTo("50000"));
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).isEmpty();
    }

    @Test
    void paperBalancesAreStoredAndARestartedDeskFindsThemAsTheyWere() {
        var store = new io.nija.core.store.memory.InMemoryStore();
        var desk = new PaperVenue(h.binance, h.clock, paperFees, io.nija.core.paper.PaperLedger.of(store),
                java.time.Duration.ofSeconds(30));
        var account = PaperVenue.account("paper7", "binance");
        desk.placeOrder(account, new VenueOrderRequest(h.btcBinance, "e1", Side.BUY, OrderType.MARKET,
                new BigDecimal("0.01"), null));
        var before = desk.balances(account);
        assertThat(before.get("BTC")).isEqualByComparingTo("0.01");

        var restarted = new PaperVenue(h.binance, h.clock, paperFees, io.nija.core.paper.PaperLedger.of(store.reloaded()),
                java.time.Duration.ofSeconds(30));
        assertThat(restarted.balances(account)).isEqualTo(before);
        // It trades on from there: the BTC bought before the restart can be sold after it.
        var sell = restarted.placeOrder(account, new VenueOrderRequest(h.btcBinance, "e2", Side.SELL, OrderType.MARKET,
                new BigDecimal("0.02"), null));
        assertThat(sell.filledQty()).isEqualByComparingTo("0.01");
        assertThat(restarted.balances(account).get("BTC")).isEqualByComparingTo("0");
        // Another venue's paper account, or another user's, starts funded.
        assertThat(restarted.balances(PaperVenue.account("paper8", "binance")).get("USD")).isEqualByComparingTo("100000");
    }
    @Test
    void aPaperAccountsNativeStopIsRefusedNotFilledAsAPlainLimit() {
        var account = PaperVenue.account("paper9", "binance");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> paper.placeOrder(account,
                        VenueOrderRequest.triggered(h.btcBinance, "s1", Side.SELL, new BigDecimal("0.01"), new BigDecimal("40000"),
                                io.nija.core.venue.NativeTrigger.stopLoss(new BigDecimal("45000")))))
                .isInstanceOfSatisfying(io.nija.core.venue.VenueException.class,
                        e -> assertThat(e.kind()).isEqualTo(io.nija.core.venue.VenueErrorKind.INVALID_PRICE_OR_QTY));
        assertThat(paper.openOrders(account)).isEmpty();
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).isEmpty();
    }

    @Test
    void aRestingPaperLimitSurvivesARestartAndFillsWhenTheBookCrossesIt() {
        var store = new io.nija.core.store.memory.InMemoryStore();
        var desk = new PaperVenue(h.binance, h.clock, paperFees, io.nija.core.paper.PaperLedger.of(store),
                java.time.Duration.ofSeconds(30));
        var account = PaperVenue.account("paper10", "binance");
        var placed = desk.placeOrder(account, new VenueOrderRequest(h.btcBinance, "r1", Side.BUY, OrderType.LIMIT,
                new BigDecimal("0.01"), new BigDecimal("49000")));
        assertThat(placed.status()).isEqualTo(VenueOrderStatus.OPEN);

        var restarted = new PaperVenue(h.binance, h.clock, paperFees, io.nija.core.paper.PaperLedger.of(store.reloaded()),
                java.time.Duration.ofSeconds(30));
        assertThat(restarted.openOrders(account)).singleElement()
                .satisfies(o -> assertThat(o.clientOrderId()).isEqualTo("r1"));
        // The same order, not "no such order" (which would let the engine send it again), and not placeable twice.
        assertThat(restarted.queryOrder(account, h.btcBinance, "r1")).get()
                .satisfies(o -> assertThat(o.venueOrderId()).isEqualTo(placed.venueOrderId()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> restarted.placeOrder(account, new VenueOrderRequest(
                        h.btcBinance, "r1", Side.BUY, OrderType.LIMIT, new BigDecimal("0.01"), new BigDecimal("49000"))))
                .isInstanceOfSatisfying(io.nija.core.venue.VenueException.class,
                        e -> assertThat(e.kind()).isEqualTo(io.nija.core.venue.VenueErrorKind.DUPLICATE_ORDER));

        h.binance.list(h.btcBinance, Markets.book(h.btcBinance, "48980", "48990", "0.015", 3));
        var filled = restarted.queryOrder(account, h.btcBinance, "r1").orElseThrow();
        assertThat(filled.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(filled.fills()).allSatisfy(f -> assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER));
        assertThat(restarted.balances(account).get("BTC")).isEqualByComparingTo("0.01");

        // Filled before the next restart: found filled with its fills, and the balances it moved with it.
        var again = new PaperVenue(h.binance, h.clock, paperFees, io.nija.core.paper.PaperLedger.of(store.reloaded()),
                java.time.Duration.ofSeconds(30));
        assertThat(again.openOrders(account)).isEmpty();
        assertThat(again.queryOrder(account, h.btcBinance, "r1")).get()
                .satisfies(o -> assertThat(o.status()).isEqualTo(VenueOrderStatus.FILLED))
                .satisfies(o -> assertThat(o.fills()).hasSize(filled.fills().size()));
        assertThat(again.fills(account, h.btcBinance, "r1")).isEqualTo(filled.fills());
        assertThat(again.balances(account).get("BTC")).isEqualByComparingTo("0.01");
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).isEmpty();
    }

    @Test
    void aPaperUsersRestingLimitEntryIsFoundByTheRestartedEngineNotSentAgain() {
        var store = h.store;
        h.venues.put("binance", new PaperVenue(h.binance, h.clock, paperFees, io.nija.core.paper.PaperLedger.of(store),
                java.time.Duration.ofSeconds(30)));
        h.user("paper11");
        h.start();
        String id = h.submit(new io.nija.core.signal.TradeSignal("sig_p11", "paper11", Markets.BTC_USD, Side.BUY,
                new BigDecimal("490"), io.nija.core.signal.SignalType.ENTRY, "test", h.clock.now(), null, false, null,
                new io.nija.core.signal.EntryTerms(new BigDecimal("49000"), 3600, null, null)));
        h.await(id, "resting", o -> o.status() == OrderStatus.EXECUTING);
        String cid = h.leg(id).clientOrderId();

        h.engine.close();
        h.store = store.reloaded();
        h.venues.put("binance", new PaperVenue(h.binance, h.clock, paperFees,
                io.nija.core.paper.PaperLedger.of(h.store), java.time.Duration.ofSeconds(30)));
        h.start();
        h.engine.recover();
        h.settle();
        h.binance.list(h.btcBinance, Markets.book(h.btcBinance, "48980", "48990", "0.015", 3));
        h.engine.reconcile();
        Order filled = h.awaitStatus(id, OrderStatus.FILLED);
        assertThat(filled.filledQty()).isEqualByComparingTo("0.01");
        assertThat(filled.legs()).hasSize(1);
        assertThat(filled.legs().get(0).clientOrderId()).isEqualTo(cid);
        assertThat(h.binance.calls(ScriptedVenue.CallKind.PLACE)).isEmpty();
    }
}
