package io.nija.venues.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.market.PriceLevel;
import io.nija.core.order.Liquidity;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderStatus;
import io.nija.venues.stream.PrivateStreamDialect.Parsed;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Kraken WS v2 messages as the adapter reads them: executions and the book's checksum. */
class KrakenStreamsTest {
    private static final Instrument BTC = new Instrument("kraken", Pair.parse("BTC-USD"), "XBTUSD",
            new BigDecimal("0.1"), new BigDecimal("0.00000001"), new BigDecimal("0.0001"), BigDecimal.ZERO);

    @Test
    void theChecksumIsTheCrc32OfAsksThenBidsAtThePairsPrecisionWithoutPointsAndLeadingZeros() {
        List<PriceLevel> bids = List.of(level("45283.5", "0.1"), level("45283.4", "1.5"));
        List<PriceLevel> asks = List.of(level("45285.2", "0.001"));
        CRC32 crc = new CRC32();
        // asks: 452852 + 100000 (0.00100000); bids: 452835 + 10000000, 452834 + 150000000
        crc.update("45285210000045283510000000452834150000000".getBytes());
        assertThat(KrakenBookStream.checksum(BTC, bids, asks)).isEqualTo(crc.getValue());
        assertThat(new KrakenBookStream(URI.create("ws://x")).checksumMatches(BTC, bids, asks, crc.getValue() + 1))
                .isFalse();
    }

    @Test
    void bookMessagesAreReadAsExactDecimalsWithTheirChecksum() {
        var m = new KrakenBookStream(URI.create("ws://x")).parse("""
                {"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":45283.5,"qty":0.00000001}],
                 "asks":[],"checksum":42,"timestamp":"2026-01-05T10:00:00Z"}]}""").orElseThrow();
        assertThat(m.snapshot()).isFalse();
        assertThat(m.checksum()).isEqualTo(42L);
        assertThat(m.bids().get(0).quantity()).isEqualByComparingTo("0.00000001");
        assertThat(m.bids().get(0).price().toPlainString()).isEqualTo("45283.5");
    }

    @Test
    void aTradeEventCarriesItsFillKeyedByExecIdAndTheSubscriptionNeedsTheRestToken() {
        VenueAccount a = new VenueAccount("u1", "kraken", "key", "c2VjcmV0", null);
        KrakenPrivateStream s = new KrakenPrivateStream(URI.create("ws://x"), acct -> "tok-1");
        s.connectUri(a);
        assertThat(s.onOpen(a, 0).get(0)).contains("\"channel\":\"executions\"").contains("\"token\":\"tok-1\"");
        assertThat(s.parse("{\"method\":\"subscribe\",\"success\":false,\"error\":\"ESession:Invalid session\"}")
                .refused()).isTrue();
        assertThat(s.parse("{\"method\":\"subscribe\",\"success\":true,\"result\":{\"channel\":\"executions\"}}")
                .subscribed()).isTrue();

        Parsed p = s.parse("""
                {"channel":"executions","type":"update","data":[{"order_id":"O1","cl_ord_id":"c1","symbol":"BTC/USD",
                 "order_qty":0.002,"cum_qty":0.002,"avg_price":45000,"order_status":"filled","exec_type":"trade",
                 "exec_id":"TXID-1","trade_id":77,"last_qty":0.002,"last_price":45000,"liquidity_ind":"m",
                 "fees":[{"asset":"USD","qty":0.0234}],"timestamp":"2026-01-05T10:00:00Z"}]}""");
        assertThat(p.orders()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(VenueOrderStatus.FILLED);
            assertThat(o.fills()).singleElement().satisfies(f -> {
                assertThat(f.fillId()).isEqualTo("TXID-1");
                assertThat(f.fee()).isEqualByComparingTo("0.0234");
                assertThat(f.liquidity()).isEqualTo(Liquidity.MAKER);
            });
        });
    }

    private static PriceLevel level(String p, String q) {
        return new PriceLevel(new BigDecimal(p), new BigDecimal(q));
    }
}
