package io.nija.server.venues;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.signal.Side;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The Coinbase Advanced Trade adapter against the simulator's Coinbase dialect. */
class CoinbaseContractTest extends VenueContractSuite {
    @Override
    protected String venue() {
        return "coinbase";
    }

    @Override
    protected boolean sizesMarketBuysInQuote() {
        return true;
    }

    /**
     * Coinbase does not refuse a repeated client_order_id: "the order will not be created and the order corresponding
     * with that ID will be returned instead". So the second send answers with the first order, and only one exists.
     */
    @Test
    @Override
    void duplicateClientOrderIdWhileOpen() {
        BigDecimal price = restingBuyPrice();
        BigDecimal qty = quantityWorth(smallNotional(), price);
        String cid = clientOrderId("dup");
        VenueOrderState first = adapter.placeOrder(account, limit(cid, Side.BUY, qty, price));
        VenueOrderState second = adapter.placeOrder(account, limit(cid, Side.BUY, qty, price));
        assertThat(second.venueOrderId()).isEqualTo(first.venueOrderId());
        assertThat(second.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(engine.openOrders(account.apiKey())).hasSize(1);
        assertThat(engine.orders(account.apiKey())).hasSize(1);
    }
}
