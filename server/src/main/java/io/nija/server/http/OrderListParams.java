package io.nija.server.http;

import io.javalin.http.Context;
import io.nija.core.order.OrderStatus;
import io.nija.core.store.OrderCursor;
import io.nija.core.store.OrderQuery;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The query parameters of {@code GET /orders}, each checked with its own error code before the store is asked.
 * The store is asked for one more order than the page holds, so the answer knows whether a next page exists
 * without a second query.
 */
record OrderListParams(OrderQuery query, int pageSize, boolean csv) {
    static final int MAX_STRATEGY_LENGTH = 64;

    static OrderListParams read(Context ctx, int limit) {
        String userId = blankToNull(ctx.queryParam("user_id"));
        OrderStatus status = status(ctx.queryParam("status"));
        Instant since = instant(ctx.queryParam("since"), "since");
        Instant until = instant(ctx.queryParam("until"), "until");
        if (since != null && until != null && !since.isBefore(until)) {
            throw ApiException.badRequest("invalid_range", "since must be before until");
        }
        String strategy = blankToNull(ctx.queryParam("strategy"));
        if (strategy != null && (strategy.length() > MAX_STRATEGY_LENGTH || strategy.chars().anyMatch(Character::isISOControl))) {
            throw ApiException.badRequest("invalid_strategy", "strategy must be at most " + MAX_STRATEGY_LENGTH
                    + " printable characters");
        }
        OrderCursor cursor = cursor(ctx.queryParam("cursor"));
        boolean csv = csv(ctx);
        return new OrderListParams(new OrderQuery(userId, status, limit + 1, since, until, strategy, cursor), limit, csv);
    }

    private static OrderStatus status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OrderStatus.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_status", "status must be one of pending, routing, queued, "
                    + "executing, partial_fill, unknown, filled, rejected, failed, cancelled");
        }
    }

    /** ISO-8601 with an offset ("2026-03-01T00:00:00Z", "…+02:00"); a time without a zone would be ambiguous. */
    private static Instant instant(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_" + name, name + " must be an ISO-8601 time with a zone, "
                    + "like 2026-03-01T00:00:00Z");
        }
    }

    private static OrderCursor cursor(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OrderCursor.decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_cursor", "cursor must be a value from an X-Next-Cursor header");
        }
    }

    /** {@code format=csv|json} wins over the Accept header; without it, Accept naming text/csv asks for CSV. */
    private static boolean csv(Context ctx) {
        String format = blankToNull(ctx.queryParam("format"));
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiException.badRequest("invalid_format", "format must be json or csv");
            };
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/csv");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
