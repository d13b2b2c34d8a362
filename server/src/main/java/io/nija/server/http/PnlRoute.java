package io.nija.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.position.DailyPnl;
import io.nija.server.app.RouterService;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * {@code GET /users/{user_id}/pnl?from=&to=&interval=day}: one row per UTC day, oldest first. {@code from} and
 * {@code to} are days (2026-03-01) or times with a zone (their UTC day), both inclusive; by default the 30 days up
 * to today. At most 366 days per request, so one request cannot make the service replay years day by day.
 */
final class PnlRoute {
    static final int MAX_DAYS = 366;
    private final RouterService service;
    private final ObjectMapper mapper;

    PnlRoute(RouterService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    ArrayNode answer(Context ctx, io.nija.server.auth.Principal actor) {
        String userId = ctx.pathParam("user_id");
        // Who may see this user's PnL is settled before the parameters are looked at.
        service.requireUserAccess(actor, userId);
        String interval = ctx.queryParam("interval");
        if (interval != null && !interval.isBlank() && !interval.equals("day")) {
            throw ApiException.badRequest("invalid_interval", "interval must be day");
        }
        LocalDate to = day(ctx.queryParam("to"), "to");
        if (to == null) {
            to = service.today();
        }
        LocalDate from = day(ctx.queryParam("from"), "from");
        if (from == null) {
            from = to.minusDays(29);
        }
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw ApiException.badRequest("invalid_range", "from must not be after to, and at most " + MAX_DAYS
                    + " days apart");
        }
        ArrayNode out = mapper.createArrayNode();
        for (DailyPnl d : service.dailyPnl(actor, userId, from, to)) {
            ObjectNode n = out.addObject();
            n.put("period_start", d.day().atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            n.put("realized_pnl", DecimalFormats.usd(d.realizedPnl()));
            n.put("fees", DecimalFormats.usd(d.fees()));
            n.put("unrealized_pnl", DecimalFormats.usd(d.unrealizedPnl()));
            n.put("equity", DecimalFormats.usd(d.equity()));
            n.put("mark_source", d.markSource());
        }
        return out;
    }

    private static LocalDate day(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            return t.length() == 10 ? LocalDate.parse(t) : OffsetDateTime.parse(t).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_" + name, name + " must be a day (2026-03-01) or an ISO-8601 time "
                    + "with a zone");
        }
    }
}
