package io.nija.sim.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.FeeSchedule;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.EngineCommand;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.Permission;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One journal line per engine command: JSON with exact decimals as strings. */
final class JournalCodec {
    private final ObjectMapper json = new ObjectMapper();

    record Entry(String venue, EngineCommand command) {
    }

    String encode(String venue, EngineCommand c) {
        ObjectNode n = json.createObjectNode().put("venue", venue).put("at", c.at().toString());
        switch (c) {
            case EngineCommand.OpenAccount o -> {
                n.put("type", "open_account").put("api_key", o.apiKey()).put("api_secret", o.apiSecret())
                        .put("passphrase", o.passphrase());
                ObjectNode b = n.putObject("balances");
                new java.util.TreeMap<>(o.balances()).forEach((k, v) -> b.put(k, v.toPlainString()));
                n.putObject("fees").put("maker", o.fees().maker().toPlainString())
                        .put("taker", o.fees().taker().toPlainString());
                var perms = n.putArray("permissions");
                o.options().permissions().stream().sorted().forEach(p -> perms.add(p.wire()));
                n.put("unified", o.options().unified());
            }
            case EngineCommand.Place p -> {
                NewOrder o = p.order();
                n.put("type", "place").put("api_key", p.apiKey());
                ObjectNode order = n.putObject("order").put("symbol", o.symbol()).put("client_order_id", o.clientOrderId())
                        .put("side", o.side().name()).put("order_type", o.type().name())
                        .put("quantity", plain(o.quantity())).put("quote_quantity", plain(o.quoteQuantity()))
                        .put("limit_price", plain(o.limitPrice()));
                if (o.trigger() != null) {
                    order.put("stop_price", plain(o.trigger().stopPrice())).put("fire_at_or_above", o.trigger().fireAtOrAbove());
                }
            }
            case EngineCommand.Cancel x -> n.put("type", "cancel").put("api_key", x.apiKey())
                    .put("client_order_id", x.clientOrderId());
            case EngineCommand.CancelByVenueId x -> n.put("type", "cancel_by_venue_id").put("api_key", x.apiKey())
                    .put("venue_order_id", x.venueOrderId());
            case EngineCommand.Deposit d -> n.put("type", "deposit").put("api_key", d.apiKey()).put("asset", d.asset())
                    .put("amount", d.amount().toPlainString());
            case EngineCommand.SetFees f -> {
                n.put("type", "set_fees").put("api_key", f.apiKey());
                n.putObject("fees").put("maker", f.fees().maker().toPlainString())
                        .put("taker", f.fees().taker().toPlainString());
            }
            case EngineCommand.Replenish r -> n.put("type", "replenish");
            case EngineCommand.ReshapeBook b -> n.put("type", "reshape_book").put("symbol", b.symbol())
                    .put("shift_bps", b.shiftBps().toPlainString()).put("depth_scale", b.depthScale().toPlainString());
        }
        return n.toString();
    }

    /** Throws IllegalArgumentException for a line that is not a complete journal entry. */
    Entry decode(String line) {
        JsonNode n;
        try {
            n = json.readTree(line);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject() || !n.hasNonNull("venue") || !n.hasNonNull("type") || !n.hasNonNull("at")) {
            throw new IllegalArgumentException("incomplete journal entry");
        }
        Instant at = Instant.parse(n.get("at").asText());
        String key = text(n, "api_key");
        EngineCommand c = switch (n.get("type").asText()) {
            case "open_account" -> {
                Map<String, BigDecimal> balances = new LinkedHashMap<>();
                n.path("balances").properties().forEach(e -> balances.put(e.getKey(), new BigDecimal(e.getValue().asText())));
                yield new EngineCommand.OpenAccount(at, key, text(n, "api_secret"), text(n, "passphrase"), balances,
                        fees(n.path("fees")), options(n));
            }
            case "place" -> {
                JsonNode o = n.path("order");
                yield new EngineCommand.Place(at, key, new NewOrder(text(o, "symbol"), text(o, "client_order_id"),
                        Side.valueOf(text(o, "side")), OrderType.valueOf(text(o, "order_type")), decimal(o, "quantity"),
                        decimal(o, "quote_quantity"), decimal(o, "limit_price"),
                        o.hasNonNull("stop_price") ? new io.nija.sim.engine.StopTrigger(decimal(o, "stop_price"),
                                o.path("fire_at_or_above").asBoolean()) : null));
            }
            case "cancel" -> new EngineCommand.Cancel(at, key, text(n, "client_order_id"));
            case "cancel_by_venue_id" -> new EngineCommand.CancelByVenueId(at, key, text(n, "venue_order_id"));
            case "deposit" -> new EngineCommand.Deposit(at, key, text(n, "asset"), decimal(n, "amount"));
            case "set_fees" -> new EngineCommand.SetFees(at, key, fees(n.path("fees")));
            case "replenish" -> new EngineCommand.Replenish(at);
            case "reshape_book" -> new EngineCommand.ReshapeBook(at, text(n, "symbol"), decimal(n, "shift_bps"),
                    decimal(n, "depth_scale"));
            default -> throw new IllegalArgumentException("unknown journal entry type " + n.get("type"));
        };
        return new Entry(n.get("venue").asText(), c);
    }

    /** Journals written before keys had permissions hold neither field: they get the defaults. */
    private static AccountOptions options(JsonNode n) {
        Set<Permission> permissions = Permission.defaults();
        if (n.has("permissions")) {
            permissions = EnumSet.noneOf(Permission.class);
            for (JsonNode p : n.get("permissions")) {
                permissions.add(Permission.parse(p.asText()));
            }
        }
        return new AccountOptions(permissions, !n.has("unified") || n.get("unified").asBoolean());
    }

    private static FeeSchedule fees(JsonNode f) {
        return new FeeSchedule(new BigDecimal(f.path("maker").asText()), new BigDecimal(f.path("taker").asText()));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        String t = text(n, field);
        return t == null ? null : new BigDecimal(t);
    }

    private static String plain(BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }
}
