package io.nija.server.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.javalin.router.Endpoint;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds{method, route, status}}: every answer timed from the first before-handler to the
 * last after-handler. The route is the matched route's template ({@code /api/v1/orders/{order_id}}), never the raw
 * path, so callers cannot grow the label set; a request no route matched is {@code static} when answered (a dashboard
 * file) and {@code UNMATCHED} when refused (no such route, or refused before routing); methods outside HTTP's usual
 * ones are {@code OTHER}. Event streams are not timed (they last as long as the client stays).
 */
final class HttpRequestMetrics {
    private static final String STARTED = "nija.http.started";
    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE",
            "PATCH", "OPTIONS");
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final MeterRegistry registry;

    HttpRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void started(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    void finished(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null || ctx.res().getContentType() != null && ctx.res().getContentType().startsWith("text/event-stream")) {
            return;
        }
        int status = ctx.status().getCode();
        String method = METHODS.contains(ctx.method().name()) ? ctx.method().name() : "OTHER";
        Timer.builder("http_server_requests")
                .description("HTTP requests answered, by method, route template and status")
                .tags("method", method, "route", route(ctx, status), "status", Integer.toString(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    static String route(Context ctx, int status) {
        Endpoint matched;
        try {
            matched = ctx.endpoints().matchedHttpEndpoint();
        } catch (RuntimeException e) {
            matched = null;
        }
        if (matched != null) {
            return matched.path;
        }
        return status < 400 ? "static" : "UNMATCHED";
    }
}
