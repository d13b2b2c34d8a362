package io.nija.venues.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import io.nija.core.venue.VenueOrderStatus;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AcceptedOrderTest {
    final Instrument btc = new Instrument("x", Pair.parse("BTC-USD"), "BTCUSD", new BigDecimal("0.01"),
            new BigDecimal("0.0001"), new BigDecimal("0.0001"), BigDecimal.ONE);
    final VenueOrderRequest request = new VenueOrderRequest(btc, "nj1", Side.BUY, OrderType.LIMIT,
            new BigDecimal("0.5"), new BigDecimal("65000"));
    final VenueOrderState accepted = AcceptedOrder.acknowledged(request, "V1", "acknowledged");

    @Test
    void theAcknowledgementIsOpenWithTheVenuesIdAndNothingFilled() {
        assertThat(accepted.status()).isEqualTo(VenueOrderStatus.OPEN);
        assertThat(accepted.venueOrderId()).isEqualTo("V1");
        assertThat(accepted.clientOrderId()).isEqualTo("nj1");
        assertThat(accepted.symbol()).isEqualTo("BTCUSD");
        assertThat(accepted.quantity()).isEqualByComparingTo("0.5");
        assertThat(accepted.filledQty()).isEqualByComparingTo("0");
        assertThat(accepted.fills()).isEmpty();
    }
}
