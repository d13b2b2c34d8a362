package io.nija.venues.alpaca;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.market.PriceLevel;
import java.math.BigDecimal;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Alpaca's orderbook messages as the book stream reads them. */
class AlpacaBookStreamTest {
    private final AlpacaBookStream dialect = new AlpacaBookStream(URI.create("wss://stream.data.alpaca.markets"), "K", "S");

    @Test
    void aResetIsTheWholeBookWithExactPrices() {
        var m = dialect.parse("[{\"T\":\"o\",\"S\":\"BTC/USD\",\"t\":\"2026-01-05T10:00:00Z\","
                + "\"b\":[{\"p\":64999.123456789012345,\"s\":0.1}],\"a\":[{\"p\":65001,\"s\":2.5}],\"r\":true}]")
                .orElseThrow();
        assertThat(m.snapshot()).isTrue();
        assertThat(m.sequenced()).isFalse();
        assertThat(m.bids()).containsExactly(new PriceLevel(new BigDecimal("64999.123456789012345"), new BigDecimal("0.1")));
        assertThat(m.asks()).containsExactly(new PriceLevel(new BigDecimal("65001"), new BigDecimal("2.5")));
    }

    @Test
    void anUpdateCarriesChangedLevelsAndSizeZeroRemoves() {
        var m = dialect.parse("[{\"T\":\"o\",\"S\":\"BTC/USD\",\"b\":[{\"p\":64999,\"s\":0}],\"a\":[]}]").orElseThrow();
        assertThat(m.snapshot()).isFalse();
        assertThat(m.bids()).singleElement().satisfies(l -> assertThat(l.quantity().signum()).isZero());
    }

    @Test
    void aResetInsideABatchDiscardsWhatCameBeforeIt() {
        var m = dialect.parse("[{\"T\":\"o\",\"b\":[{\"p\":1,\"s\":1}],\"a\":[]},"
                + "{\"T\":\"o\",\"b\":[{\"p\":2,\"s\":1}],\"a\":[],\"r\":true},{\"T\":\"o\",\"b\":[{\"p\":3,\"s\":1}],\"a\":[]}]")
                .orElseThrow();
        assertThat(m.snapshot()).isTrue();
        assertThat(m.bids()).extracting(l -> l.price().intValueExact()).containsExactly(2, 3);
    }

    @Test
    void controlMessagesAreNoBook() {
        assertThat(dialect.parse("[{\"T\":\"success\",\"msg\":\"authenticated\"}]")).isEmpty();
        assertThat(dialect.parse("[{\"T\":\"subscription\",\"trades\":[],\"orderbooks\":[\"BTC/USD\"]}]")).isEmpty();
        assertThat(dialect.parse("[{\"T\":\"error\",\"code\":402,\"msg\":\"auth failed\"}]")).isEmpty();
    }
}
