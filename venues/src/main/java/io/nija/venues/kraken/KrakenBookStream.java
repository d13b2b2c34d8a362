package io.nija.venues.kraken;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.PriceLevel;
import io.nija.venues.stream.BookStreamDialect;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Kraken's websocket API v2, {@code book} channel ({@code <stream base>/v2}), depth 10. A {@code snapshot}, then
 * {@code update}s of the changed levels (qty 0 removes one). Kraken numbers nothing; instead every message carries the
 * CRC32 {@code checksum} of the top 10 asks and bids as they should be after it (each price and qty at the pair's
 * precision, without the decimal point and leading zeros). A book whose checksum differs missed an update: the stream
 * resubscribes for a fresh snapshot. Levels beyond the subscribed depth are dropped, as Kraken asks of its clients.
 * Prices and sizes are JSON numbers, read exactly as decimals.
 */
public final class KrakenBookStream implements BookStreamDialect {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    static final int DEPTH = 10;
    private final URI streamBase;

    /** @param streamBase wss://ws.kraken.com */
    public KrakenBookStream(URI streamBase) {
        this.streamBase = streamBase;
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
    }

    /** "BTC/USD": Kraken v2 names pairs by their common asset codes. */
    static String symbol(Instrument i) {
        return i.pair().base() + "/" + i.pair().quote();
    }

    @Override
    public String venue() {
        return KrakenVenue.NAME;
    }

    @Override
    public URI connectUri(Instrument instrument) {
        return URI.create(streamBase + "/v2");
    }

    @Override
    public List<String> subscribe(Instrument instrument) {
        return List.of("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"" + symbol(instrument)
                + "\"],\"depth\":" + DEPTH + "}}");
    }

    @Override
    public Optional<String> ping() {
        return Optional.of("{\"method\":\"ping\"}");
    }

    @Override
    public int keepLevels() {
        return DEPTH;
    }

    @Override
    public Optional<BookMessage> parse(String text) {
        JsonNode m = read(text);
        if (!"book".equals(m.path("channel").asText())) {
            return Optional.empty(); // answers, pongs, heartbeats
        }
        JsonNode d = m.path("data").path(0);
        return Optional.of(new BookMessage("snapshot".equals(m.path("type").asText()), false, 0, levels(d.path("bids")),
                levels(d.path("asks")), d.hasNonNull("checksum") ? d.path("checksum").asLong() : null));
    }

    private static List<PriceLevel> levels(JsonNode array) {
        List<PriceLevel> out = new ArrayList<>(array.size());
        for (JsonNode l : array) {
            out.add(new PriceLevel(l.path("price").decimalValue(), l.path("qty").decimalValue()));
        }
        return out;
    }

    @Override
    public boolean checksumMatches(Instrument instrument, List<PriceLevel> bids, List<PriceLevel> asks, long checksum) {
        return checksum(instrument, bids, asks) == checksum;
    }

    static long checksum(Instrument instrument, List<PriceLevel> bids, List<PriceLevel> asks) {
        int priceScale = Math.max(0, instrument.tickSize().stripTrailingZeros().scale());
        int qtyScale = Math.max(0, instrument.lotSize().stripTrailingZeros().scale());
        StringBuilder s = new StringBuilder();
        for (PriceLevel l : asks.subList(0, Math.min(DEPTH, asks.size()))) {
            s.append(digits(l.price(), priceScale)).append(digits(l.quantity(), qtyScale));
        }
        for (PriceLevel l : bids.subList(0, Math.min(DEPTH, bids.size()))) {
            s.append(digits(l.price(), priceScale)).append(digits(l.quantity(), qtyScale));
        }
        CRC32 crc = new CRC32();
        crc.update(s.toString().getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static String digits(BigDecimal v, int scale) {
        String plain = v.setScale(scale, RoundingMode.HALF_EVEN).toPlainString().replace(".", "");
        int i = 0;
        while (i < plain.length() - 1 && plain.charAt(i) == '0') {
            i++;
        }
        return plain.substring(i);
    }
}
