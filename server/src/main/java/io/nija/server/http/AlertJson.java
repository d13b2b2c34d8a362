package io.nija.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.instrument.Pair;
import io.nija.core.instrument.SymbolMapping;
import io.nija.core.signal.Side;
import io.nija.core.signal.SignalRejectedException;
import io.nija.core.signal.SignalType;
import io.nija.server.app.StrategyAlert;
import io.nija.server.auth.Tokens;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads a strategy alert: the TradingView alert message
 * {@code {secret, ticker, action, signal_type?, size_usd?, price?, comment?, alert_id?, close_all?, signal_time?}}
 * (the publisher endpoint takes the same without the secret). {@code signal_time} may also be sent as {@code time},
 * the name TradingView's {@code {{time}}} placeholder is usually given; each subscriber's max_signal_age_ms judges it. {@code action} buy|sell; {@code signal_type} defaults to entry for a buy and
 * exit for a sell; {@code price} and {@code comment} are checked for type and otherwise informational.
 */
final class AlertJson {
    private static final BigDecimal MAX_SIZE_USD = new BigDecimal("100000000");
    private static final Pattern ALERT_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private AlertJson() {
    }

    /** The secret as sent; null when missing or not a string (either way the webhook answers 401). */
    static String secret(JsonNode root) {
        JsonNode n = root.get("secret");
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    static StrategyAlert read(ObjectMapper mapper, JsonBody body, JsonNode root) {
        String ticker = body.string("ticker");
        Pair pair;
        try {
            pair = SymbolMapping.fromTicker(ticker);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_ticker", "ticker must look like BTCUSD, BTCUSDT, BINANCE:BTCUSDT or BTC-USD");
        }
        Side side;
        try {
            side = Side.parse(body.string("action"));
        } catch (SignalRejectedException e) {
            throw ApiException.badRequest("invalid_action", "action must be buy or sell");
        }
        String typeText = body.string("signal_type");
        SignalType type;
        if (typeText == null) {
            type = side == Side.BUY ? SignalType.ENTRY : SignalType.EXIT;
        } else {
            try {
                type = SignalType.parse(typeText);
            } catch (SignalRejectedException e) {
                throw ApiException.badRequest(e.code(), e.getMessage());
            }
        }
        BigDecimal size = body.decimal("size_usd");
        if (size != null) {
            if (size.signum() <= 0 || size.compareTo(MAX_SIZE_USD) > 0 || size.stripTrailingZeros().scale() > 8) {
                throw ApiException.badRequest("invalid_size", "size_usd must be positive, at most 100000000, with at most 8 decimals");
            }
            size = size.stripTrailingZeros();
            if (size.scale() < 0) {
                size = size.setScale(0);
            }
        }
        BigDecimal price = body.decimal("price");
        if (price != null && price.signum() <= 0) {
            throw ApiException.badRequest("invalid_price", "price must be positive");
        }
        String comment = body.string("comment");
        if (comment != null && comment.length() > 1024) {
            throw ApiException.badRequest("invalid_comment", "comment may have at most 1024 characters");
        }
        String alertId = alertId(root);
        Boolean closeAll = body.bool("close_all");
        String signalTime = body.has("signal_time") ? body.string("signal_time") : body.string("time");
        try {
            io.nija.core.signal.SignalValidator.signalTime(signalTime);
        } catch (SignalRejectedException e) {
            throw ApiException.badRequest(e.code(), e.getMessage());
        }
        return new StrategyAlert(pair, side, type, size, alertId, bodyHash(mapper, root), Boolean.TRUE.equals(closeAll),
                signalTime);
    }

    /** {@code alert_id} (or {@code id}): a string of printable ASCII or an integer. */
    private static String alertId(JsonNode root) {
        JsonNode n = root.hasNonNull("alert_id") ? root.get("alert_id") : root.get("id");
        if (n == null || n.isNull()) {
            return null;
        }
        String id = n.isTextual() ? n.textValue() : n.isIntegralNumber() && n.canConvertToLong() ? Long.toString(n.longValue()) : null;
        if (id == null || !ALERT_ID.matcher(id).matches()) {
            throw ApiException.badRequest("invalid_alert_id", "alert_id must be 1-128 printable ASCII characters or an integer");
        }
        return id;
    }

    /** The alert without its secret, hashed: the same delivery repeated gives the same hash. */
    private static String bodyHash(ObjectMapper mapper, JsonNode root) {
        ObjectNode copy = ((ObjectNode) root).deepCopy();
        copy.remove("secret");
        try {
            return Tokens.hash(mapper.writeValueAsString(copy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
