package io.nija.sim.engine;

import static io.nija.sim.engine.TestMarket.SYMBOL;
import static io.nija.sim.engine.TestMarket.bd;
import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.signal.Side;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VenueIdsTest {

    @ParameterizedTest
    @EnumSource(IdStyle.class)
    void everyIdStyleNeverRepeatsAnId(IdStyle style) {
        VenueIds ids = new VenueIds(style, 7);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            assertThat(seen.add(ids.nextOrderId())).isTrue();
            assertThat(seen.add(ids.nextFillId())).isTrue();
        }
    }

    @Test
    void idsLookLikeTheVenuesOwn() {
        assertThat(new VenueIds(IdStyle.NUMERIC, 1).nextOrderId()).matches("\\d{10,}");
        assertThat(new VenueIds(IdStyle.KRAKEN_TXID, 1).nextOrderId()).matches("O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}");
        assertThat(new VenueIds(IdStyle.KRAKEN_TXID, 1).nextTrade("XBTUSD").id()).startsWith("T");
        String uuid = new VenueIds(IdStyle.UUID_V4, 1).nextOrderId();
        assertThat(UUID.fromString(uuid).version()).isEqualTo(4);
    }

    @Test
    void ordersAndFillsOfAnEngineHaveUniqueVenueIds() {
        TestMarket m = new TestMarket().account("maker", "0", "100").account("taker", "100000000", "0");
        for (int i = 0; i < 200; i++) {
            m.sell("maker", "a" + i, "0.1", "65000");
            m.engine.place("taker", NewOrder.market(SYMBOL, "t" + i, Side.BUY, bd("0.1")));
        }
        Set<String> orderIds = new HashSet<>();
        m.engine.acceptedOrders().forEach(o -> assertThat(orderIds.add(o.venueOrderId())).isTrue());
        Set<String> fillIds = new HashSet<>();
        m.engine.fills("maker").forEach(f -> assertThat(fillIds.add(f.fillId())).isTrue());
        m.engine.fills("taker").forEach(f -> assertThat(fillIds.add(f.fillId())).isTrue());
        assertThat(orderIds).hasSize(400);
        assertThat(fillIds).hasSize(400);
    }
}
