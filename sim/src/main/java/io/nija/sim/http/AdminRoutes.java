package io.nija.sim.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.market.OrderBook;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.OrderView;
import io.nija.sim.engine.Permission;
import io.nija.sim.fault.SimFaults;
import io.nija.sim.fault.StreamFaults;
import io.nija.sim.stats.VenueStats;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's own endpoints under /__sim/ on every venue listener: accounts (with key permissions and, for
 * Bybit, the account type), the list of accepted orders, faults, book reshaping and request statistics. Errors are {@code {"error":{"code","message"}}} with 400 (bad input) or 409 (an
 * account with this key exists).
 */
final class AdminRoutes {
    static final String PREFIX = "/__sim/";
    private static final Set<String> FAULT_FIELDS = Set.of("http_5xx_rate", "accept_then_timeout_rate", "reset_rate",
            "latency_ms", "maintenance", "rate_limit_storm", "visibility_lag_ms", "latency_jitter_ms", "stream_stall",
            "stream_disconnect", "stream_delay_ms", "stream_duplicate_rate", "book_gap_rate");

    private final SimulatedExchanges sim;
    private final String venue;
    private final ObjectMapper json;

    AdminRoutes(SimulatedExchanges sim, String venue, ObjectMapper json) {
        this.sim = sim;
        this.venue = venue;
        this.json = json;
    }

    /** Bad admin input: answered 400 (or the given status) with a JSON error. */
    static final class AdminException extends RuntimeException {
        final int status;
        final String code;

        AdminException(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    void register(RoutesConfig r) {
        r.post("/__sim/accounts", this::createAccount);
        r.get("/__sim/orders", this::orders);
        r.get("/__sim/stats", this::stats);
        r.post("/__sim/books", this::reshapeBook);
        r.post("/__sim/faults", this::setFaults);
        r.get("/__sim/faults", ctx -> ctx.status(200).contentType("application/json")
                .result(faultsJson(sim.faults(venue).current(), sim.faults(venue).streamFaults()).toString()));
    }

    static void writeError(Context ctx, ObjectMapper json, int status, String code, String message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private void createAccount(Context ctx) {
        JsonNode body = object(ctx);
        String key = text(body, "api_key", true);
        String secret = text(body, "api_secret", true);
        String passphrase = text(body, "passphrase", false);
        Map<String, BigDecimal> balances = new LinkedHashMap<>();
        JsonNode b = body.path("balances");
        if (!b.isMissingNode() && !b.isNull()) {
            if (!b.isObject()) {
                throw bad("invalid_balances", "balances must be an object of asset to amount");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = b.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                BigDecimal amount = decimal(e.getValue(), "balances." + e.getKey());
                if (amount.signum() < 0) {
                    throw bad("invalid_balances", "balances." + e.getKey() + " must not be negative");
                }
                balances.put(e.getKey().toUpperCase(Locale.ROOT), amount);
            }
        }
        AccountOptions options = new AccountOptions(permissions(body), unified(body));
        if (sim.engine(venue).hasAccount(key)) {
            throw new AdminException(409, "account_exists", "an account with this api_key already exists on " + venue);
        }
        try {
            sim.createAccount(venue, key, secret, passphrase, balances, options);
        } catch (IllegalArgumentException e) {
            throw new AdminException(409, "account_exists", e.getMessage());
        }
        ObjectNode out = json.createObjectNode().put("venue", venue).put("api_key", key);
        ObjectNode bal = out.putObject("balances");
        balances.forEach((asset, amount) -> bal.put(asset, Decimals.plain(amount)));
        ArrayNode perms = out.putArray("permissions");
        options.permissions().stream().sorted().forEach(p -> perms.add(p.wire()));
        out.put("account_type", options.unified() ? "unified" : "classic");
        ctx.status(201).contentType("application/json").result(out.toString());
    }

    /** {@code permissions}: an array of "read", "trade", "withdraw"; absent means read and trade. */
    private static Set<Permission> permissions(JsonNode body) {
        JsonNode n = body.get("permissions");
        if (n == null || n.isNull()) {
            return Permission.defaults();
        }
        if (!n.isArray()) {
            throw bad("invalid_permissions", "permissions must be an array of \"read\", \"trade\", \"withdraw\"");
        }
        Set<Permission> out = EnumSet.noneOf(Permission.class);
        for (JsonNode p : n) {
            if (!p.isTextual()) {
                throw bad("invalid_permissions", "permissions must be an array of \"read\", \"trade\", \"withdraw\"");
            }
            try {
                out.add(Permission.parse(p.asText()));
            } catch (IllegalArgumentException e) {
                throw bad("invalid_permissions", e.getMessage());
            }
        }
        return out;
    }

    /** {@code account_type}: "unified" (default) or "classic"; only Bybit reads it. */
    private static boolean unified(JsonNode body) {
        String type = text(body, "account_type", false);
        if (type == null || type.equals("unified")) {
            return true;
        }
        if (type.equals("classic")) {
            return false;
        }
        throw bad("invalid_account_type", "account_type must be \"unified\" or \"classic\"");
    }

    /** {pair:"BTC-USD", shift_bps?, depth_scale?}: moves and scales the house ladder; answers the new touch. */
    private void reshapeBook(Context ctx) {
        JsonNode body = object(ctx);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("pair", "shift_bps", "depth_scale").contains(f)) {
                throw bad("unknown_field", "unknown field '" + f + "'; known: pair, shift_bps, depth_scale");
            }
        }
        String pairText = text(body, "pair", true);
        Pair pair;
        try {
            pair = Pair.parse(pairText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad("invalid_pair", "pair must look like BTC-USD: " + e.getMessage());
        }
        Instrument ins = sim.engine(venue).instruments().stream().filter(i -> i.pair().equals(pair)).findFirst()
                .orElseThrow(() -> bad("unknown_pair", pair + " is not listed on " + venue));
        BigDecimal shift = body.hasNonNull("shift_bps") ? decimal(body.get("shift_bps"), "shift_bps") : BigDecimal.ZERO;
        BigDecimal scale = body.hasNonNull("depth_scale") ? decimal(body.get("depth_scale"), "depth_scale")
                : BigDecimal.ONE;
        if (shift.abs().compareTo(BigDecimal.valueOf(5_000)) > 0) {
            throw bad("invalid_shift_bps", "shift_bps must be between -5000 and 5000");
        }
        if (scale.signum() <= 0 || scale.compareTo(BigDecimal.valueOf(1_000)) > 0) {
            throw bad("invalid_depth_scale", "depth_scale must be above 0 and at most 1000");
        }
        OrderBook top;
        try {
            top = sim.engine(venue).reshapeBook(ins.symbol(), shift, scale);
        } catch (IllegalArgumentException e) {
            throw bad("invalid_book", e.getMessage());
        }
        ObjectNode out = json.createObjectNode().put("pair", pair.toString());
        putDecimal(out, "best_bid", top.bestBid());
        putDecimal(out, "best_ask", top.bestAsk());
        ctx.status(200).contentType("application/json").result(out.toString());
    }

    private void stats(Context ctx) {
        VenueStats stats = sim.stats(venue);
        ObjectNode out = json.createObjectNode();
        ObjectNode requests = out.putObject("requests");
        stats.requests().forEach(requests::put);
        out.put("orders_placed", stats.ordersPlaced()).put("orders_cancelled", stats.ordersCancelled());
        ctx.status(200).contentType("application/json").result(out.toString());
    }

    private void orders(Context ctx) {
        ArrayNode out = json.createArrayNode();
        for (OrderView o : sim.engine(venue).acceptedOrders()) {
            ObjectNode n = out.addObject();
            n.put("venue", o.venue());
            n.put("venue_order_id", o.venueOrderId());
            n.put("client_order_id", o.clientOrderId());
            n.put("api_key", o.apiKey());
            n.put("symbol", o.symbol());
            n.put("side", o.side().name().toLowerCase(Locale.ROOT));
            n.put("type", o.type().name().toLowerCase(Locale.ROOT));
            putDecimal(n, "qty", o.quantity());
            putDecimal(n, "quote_qty", o.quoteQuantity());
            putDecimal(n, "price", o.limitPrice());
            n.put("status", o.state().name().toLowerCase(Locale.ROOT));
            putDecimal(n, "filled_qty", o.filledQty());
            putDecimal(n, "filled_quote", o.filledQuote());
            putDecimal(n, "avg_price", o.averagePrice());
            putDecimal(n, "fees", o.fees());
            n.put("fee_asset", o.feeAsset());
            n.put("created_at", o.createdAt().toString());
            n.put("updated_at", o.updatedAt().toString());
        }
        ctx.status(200).contentType("application/json").result(out.toString());
    }

    private void setFaults(Context ctx) {
        JsonNode body = ctx.body().isBlank() ? json.createObjectNode() : object(ctx);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FAULT_FIELDS.contains(f)) {
                throw bad("unknown_fault", "unknown fault '" + f + "'; known: " + FAULT_FIELDS);
            }
        }
        SimFaults faults;
        try {
            faults = new SimFaults(rate(body, "http_5xx_rate"), rate(body, "accept_then_timeout_rate"),
                    rate(body, "reset_rate"), millis(body, "latency_ms"), flag(body, "maintenance"),
                    flag(body, "rate_limit_storm"), millis(body, "visibility_lag_ms"), millis(body, "latency_jitter_ms"));
        } catch (IllegalArgumentException e) {
            throw bad("invalid_fault", e.getMessage());
        }
        StreamFaults streams;
        try {
            streams = new StreamFaults(flag(body, "stream_stall"), flag(body, "stream_disconnect"),
                    millis(body, "stream_delay_ms"), rate(body, "stream_duplicate_rate"), rate(body, "book_gap_rate"));
        } catch (IllegalArgumentException e) {
            throw bad("invalid_fault", e.getMessage());
        }
        sim.setFaults(venue, faults);
        sim.faults(venue).setStreamFaults(streams);
        ctx.status(200).contentType("application/json").result(faultsJson(faults, streams).toString());
    }

    private ObjectNode faultsJson(SimFaults f, StreamFaults s) {
        return json.createObjectNode()
                .put("stream_stall", s.stall())
                .put("stream_disconnect", s.disconnect())
                .put("stream_delay_ms", s.delayMs())
                .put("stream_duplicate_rate", s.duplicateRate())
                .put("book_gap_rate", s.bookGapRate())
                .put("http_5xx_rate", f.http5xxRate())
                .put("accept_then_timeout_rate", f.acceptThenTimeoutRate())
                .put("reset_rate", f.resetRate())
                .put("latency_ms", f.latencyMs())
                .put("maintenance", f.maintenance())
                .put("rate_limit_storm", f.rateLimitStorm())
                .put("visibility_lag_ms", f.visibilityLagMs())
                .put("latency_jitter_ms", f.latencyJitterMs());
    }

    private JsonNode object(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            throw bad("invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw bad("invalid_json", "the body must be a JSON object");
        }
        return body;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw bad("missing_" + field, field + " is required");
            }
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw bad("invalid_" + field, field + " must be a non-empty string");
        }
        return n.asText();
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        try {
            if (n.isNumber()) {
                return n.decimalValue();
            }
            if (n.isTextual()) {
                return new BigDecimal(n.asText().trim());
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw bad("invalid_number", field + " must be a decimal number (a string such as \"100.5\" or a number)");
    }

    private static double rate(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        BigDecimal d = decimal(n, field);
        if (d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
            throw bad("invalid_fault", field + " must be between 0 and 1");
        }
        return d.doubleValue(); // a probability, not money
    }

    /** A whole number of milliseconds in 0..600000 (latency, jitter, visibility lag). */
    private static long millis(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        BigDecimal d;
        try {
            d = decimal(n, field);
        } catch (AdminException e) {
            throw bad("invalid_fault", field + " must be a whole number of milliseconds");
        }
        if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(SimFaults.MAX_MS)) > 0) {
            throw bad("invalid_fault", field + " must be between 0 and " + SimFaults.MAX_MS);
        }
        if (d.stripTrailingZeros().scale() > 0) {
            throw bad("invalid_fault", field + " must be a whole number of milliseconds");
        }
        return d.longValueExact();
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw bad("invalid_fault", field + " must be true or false");
        }
        return n.asBoolean();
    }

    private static void putDecimal(ObjectNode n, String field, BigDecimal value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, Decimals.plain(value));
        }
    }

    private static AdminException bad(String code, String message) {
        return new AdminException(400, code, message);
    }
}
