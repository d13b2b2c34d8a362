package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.core.signal.Side;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.sim.dialect.alpaca.AlpacaCalls.Answer;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.OrderState;
import io.nija.sim.engine.OrderView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Placing, reading, listing and cancelling orders, and the account's fill activities. */
final class AlpacaOrders {
    private static final DateTimeFormatter ACTIVITY_ID =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

    private final AlpacaCalls calls;
    private final MatchingEngine engine;
    private final AlpacaViews views;

    AlpacaOrders(AlpacaCalls calls, AlpacaViews views) {
        this.calls = calls;
        this.engine = calls.engine();
        this.views = views;
    }

    Answer place(String apiKey, Context c) {
        JsonNode b = AlpacaParams.body(calls.context().json(), c.body());
        NewOrder order = AlpacaOrderParams.parse(b, engine);
        // Alpaca keeps a client_order_id taken for good, not only while the order is open: the venue's rule
        // (ClientIdReuse.NEVER) is enforced by the engine, which refuses with DUPLICATE_ORDER (422).
        OrderView placed;
        try {
            placed = engine.place(apiKey, order);
        } catch (VenueException e) {
            throw refusal(e, order);
        }
        if (calls.answerLost(c)) {
            return null;
        }
        return Answer.ok(views.order(placed));
    }

    /** An engine refusal of a new order in Alpaca's words: 403 for balance (naming the asset), 422 for the rest. */
    private AlpacaError refusal(VenueException e, NewOrder order) {
        if (e.kind() == VenueErrorKind.INSUFFICIENT_FUNDS) {
            String asset = order.side() == Side.BUY ? engine.quoteAsset(order.symbol())
                    : engine.instrument(order.symbol()).map(i -> i.pair().base()).orElse("");
            return AlpacaErrors.insufficientBalance(asset);
        }
        return AlpacaErrors.of(e);
    }

    Answer get(String apiKey, Context c) {
        return Answer.ok(views.order(engine.orderByVenueId(apiKey, c.pathParam("order_id"))
                .orElseThrow(AlpacaErrors::notFound)));
    }

    Answer byClientId(String apiKey, Context c) {
        String id = c.queryParam("client_order_id");
        if (id == null || id.isEmpty()) {
            throw AlpacaErrors.invalid("client_order_id is required");
        }
        return Answer.ok(views.order(engine.orderByClientId(apiKey, id).orElseThrow(AlpacaErrors::notFound)));
    }

    Answer cancel(String apiKey, Context c) {
        // A cancel is a write: it reaches the engine even while reads do not show the order yet.
        OrderView order = engine.engineOrderByVenueId(apiKey, c.pathParam("order_id")).orElseThrow(AlpacaErrors::notFound);
        if (!order.isOpen()) {
            throw AlpacaErrors.alreadyInState(AlpacaViews.status(order));
        }
        try {
            engine.cancelByVenueId(apiKey, order.venueOrderId());
        } catch (VenueException e) {
            if (e.kind() == VenueErrorKind.ORDER_NOT_FOUND) {
                OrderView now = engine.engineOrderByVenueId(apiKey, order.venueOrderId()).orElse(order);
                throw AlpacaErrors.alreadyInState(AlpacaViews.status(now));
            }
            throw AlpacaErrors.of(e);
        }
        if (calls.answerLost(c)) {
            return null;
        }
        return new Answer(204, null);
    }

    /** 207 with one entry per open order: 200 and the cancelled order, or 500 when its cancel failed. */
    Answer cancelAll(String apiKey, Context c) {
        ArrayNode out = views.array();
        for (OrderView o : engine.engineOpenOrders(apiKey)) {
            try {
                OrderView done = engine.cancelByVenueId(apiKey, o.venueOrderId());
                out.add(views.cancelled(done));
            } catch (VenueException e) {
                out.add(views.cancelFailed(o.venueOrderId()));
            }
        }
        if (calls.answerLost(c)) {
            return null;
        }
        return new Answer(207, out);
    }

    Answer list(String apiKey, Context c) {
        String status = Optional.ofNullable(c.queryParam("status")).orElse("open");
        if (!List.of("open", "closed", "all").contains(status)) {
            throw AlpacaErrors.invalid("invalid status");
        }
        int limit = AlpacaParams.intParam(c, "limit", 50, 500);
        boolean asc = "asc".equals(c.queryParam("direction"));
        Instant after = AlpacaParams.instantParam(c, "after");
        Instant until = AlpacaParams.instantParam(c, "until");
        String symbols = c.queryParam("symbols");
        List<String> wanted = symbols == null || symbols.isBlank() ? null : Arrays.stream(symbols.split(","))
                .map(s -> AlpacaParams.listing(engine, s).map(Instrument::symbol).orElse(s)).toList();
        List<OrderView> all = new ArrayList<>(engine.orders(apiKey));
        Comparator<OrderView> bySubmit = Comparator.comparing(OrderView::createdAt);
        all.sort(asc ? bySubmit : bySubmit.reversed());
        ArrayNode out = views.array();
        for (OrderView o : all) {
            boolean keep = switch (status) {
                case "open" -> o.isOpen();
                case "closed" -> !o.isOpen();
                default -> true;
            };
            if (!keep || (wanted != null && !wanted.contains(o.symbol()))
                    || (after != null && !o.createdAt().isAfter(after)) || (until != null && !o.createdAt().isBefore(until))) {
                continue;
            }
            if (out.size() >= limit) {
                break;
            }
            out.add(views.order(o));
        }
        return Answer.ok(out);
    }

    /** FILL activities (and CFEE, the crypto fee entries); other types list nothing here. */
    Answer activities(String apiKey, Context c, String types) {
        List<String> wanted = types == null || types.isBlank() ? List.of("FILL", "CFEE") : Arrays.asList(types.split(","));
        boolean asc = "asc".equals(c.queryParam("direction"));
        int pageSize = AlpacaParams.intParam(c, "page_size", 100, 100);
        Instant after = AlpacaParams.instantParam(c, "after");
        Instant until = AlpacaParams.instantParam(c, "until");
        String pageToken = c.queryParam("page_token");
        List<AccountFill> fills = engine.fills(apiKey);
        Map<String, BigDecimal> cumulative = new HashMap<>();
        Map<String, OrderView> orders = new HashMap<>();
        List<ObjectNode> all = new ArrayList<>();
        for (AccountFill f : fills) {
            BigDecimal cum = cumulative.merge(f.venueOrderId(), f.quantity(), BigDecimal::add);
            if ((after != null && !f.time().isAfter(after)) || (until != null && !f.time().isBefore(until))) {
                continue;
            }
            OrderView o = orders.computeIfAbsent(f.venueOrderId(), id -> engine.orderByVenueId(apiKey, id).orElse(null));
            String id = ACTIVITY_ID.format(f.time()) + "::" + f.fillId();
            if (wanted.contains("FILL")) {
                BigDecimal leaves = o != null && o.quantity() != null
                        && (o.isOpen() || o.state() == OrderState.FILLED)
                        ? o.quantity().subtract(cum).max(BigDecimal.ZERO) : BigDecimal.ZERO;
                boolean full = o != null && o.state() == OrderState.FILLED && cum.compareTo(o.filledQty()) == 0;
                all.add(views.fillActivity(id, f, full, leaves, cum, o == null ? "filled" : AlpacaViews.status(o)));
            }
            if (wanted.contains("CFEE") && f.fee().signum() != 0) {
                all.add(views.feeActivity(id + "::fee", f));
            }
        }
        if (!asc) {
            java.util.Collections.reverse(all);
        }
        ArrayNode out = views.array();
        boolean started = pageToken == null || pageToken.isEmpty();
        for (ObjectNode n : all) {
            if (!started) {
                started = n.path("id").asText().equals(pageToken);
                continue;
            }
            if (out.size() >= pageSize) {
                break;
            }
            out.add(n);
        }
        return Answer.ok(out);
    }
}
