package io.nija.server.venues;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.Fill;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.KeyPermissions;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Alpaca adapter against the simulator's Alpaca dialect. */
class AlpacaContractTest extends VenueContractSuite {
    @Override
    protected String venue() {
        return "alpaca";
    }

    /** Alpaca keys have no scopes: withdrawal is never reported, whatever the simulator granted. */
    @Override
    protected KeyPermissions expectedPermissions(List<String> granted) {
        return new KeyPermissions(granted.contains("read"), granted.contains("trade"), false);
    }

    /**
     * As the suite's test, except for the fee of each fill: Alpaca's FILL activities carry no fee (crypto fees are
     * separate CFEE activities, posted at the end of the day), so the adapter reports fills without one. Quantities
     * and prices must still be the engine's, and the engine must have charged its taker fee.
     */
    @Test
    @Override
    void marketOrderFillsWithTheEnginesQuantitiesPricesAndFees() {
        BigDecimal ask = engine.book(instrument.symbol(), 1).bestAsk();
        BigDecimal qty = quantityWorth(smallNotional(), ask);
        String cid = clientOrderId("mkt");
        VenueOrderState placed = adapter.placeOrder(account,
                new VenueOrderRequest(instrument, cid, Side.BUY, OrderType.MARKET, qty, null));
        OrderView expected = engine.orderByClientId(account.apiKey(), cid).orElseThrow();
        assertThat(expected.filledQty()).isEqualByComparingTo(qty);
        assertThat(expected.fees()).isPositive();

        VenueOrderState state = placed.status() == VenueOrderStatus.FILLED ? placed
                : adapter.queryOrder(account, instrument, cid).orElseThrow();
        assertThat(state.status()).isEqualTo(VenueOrderStatus.FILLED);
        assertThat(state.filledQty()).isEqualByComparingTo(qty);
        assertThat(state.averagePrice()).isEqualByComparingTo(expected.averagePrice());

        Comparator<BigDecimal> num = BigDecimal::compareTo;
        List<Fill> got = adapter.fills(account, instrument, cid).stream()
                .sorted(Comparator.comparing(Fill::price, num).thenComparing(Fill::quantity, num)).toList();
        List<AccountFill> exp = expected.fills().stream()
                .sorted(Comparator.comparing(AccountFill::price, num).thenComparing(AccountFill::quantity, num)).toList();
        assertThat(got).hasSize(exp.size());
        for (int i = 0; i < exp.size(); i++) {
            assertThat(got.get(i).quantity()).as("fill qty " + i).isEqualByComparingTo(exp.get(i).quantity());
            assertThat(got.get(i).price()).as("fill price " + i).isEqualByComparingTo(exp.get(i).price());
            assertThat(got.get(i).fee()).as("fill fee " + i).isZero();
        }
        assertThat(adapter.balances(account).get(base()))
                .isEqualByComparingTo(new BigDecimal(startingBalances(sim.spec(venue())).get(base())).add(qty));
    }
}
