package io.nija.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nija.core.engine.EngineListener;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.execution.VenueExecutor;
import io.nija.core.order.Order;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The design's metrics, with labels of bounded cardinality (venue only, never user):
 * nija_trades_routed_total, nija_routing_latency_seconds (histogram), nija_executions_total{broker},
 * nija_executions_success_total{broker}, nija_executor_queue_depth{broker}, plus per venue: breaker state
 * (nija_circuit_open 0/1 and nija_circuit_state 0 closed, 1 half-open, 2 open), rate-limit headroom, legs whose
 * fate is being resolved (nija_unknown_orders gauge) and how many legs ever became unknown
 * (nija_unknown_orders_entered_total); execution quality per venue ({@link ExecutionQualityMetrics}): leg outcomes
 * (nija_leg_outcomes_total, nija_leg_outcome_rate) and slippage against the arrival mid (nija_slippage_bps{le}, _count, _sum).
 */
public final class RouterMetrics implements EngineListener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter tradesRouted;
    private final Timer routingLatency;
    private final ConcurrentHashMap<String, Counter> executions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> successes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> unknownEntered = new ConcurrentHashMap<>();
    private final UnknownLegs unknownLegs = new UnknownLegs();
    private final ExecutionQualityMetrics quality = new ExecutionQualityMetrics(registry);

    public RouterMetrics() {
        tradesRouted = Counter.builder("nija_trades_routed").description("Signals routed to a venue").register(registry);
        routingLatency = Timer.builder("nija_routing_latency").description("Time to take one routing decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }

    /** Registers the per-venue gauges once the engine and its executors exist. */
    public void bind(ExecutionEngine engine) {
        for (VenueExecutor e : engine.executors().values()) {
            String venue = e.venueName();
            Gauge.builder("nija_executor_queue_depth", e, VenueExecutor::queueDepth).tag("broker", venue)
                    .description("Tasks waiting or in flight at a venue executor").register(registry);
            Gauge.builder("nija_circuit_open", e, x -> x.isBreakerOpen() ? 1 : 0).tag("broker", venue)
                    .description("1 while the venue's circuit breaker is open").register(registry);
            Gauge.builder("nija_circuit_state", e, RouterMetrics::circuitStateCode).tag("broker", venue)
                    .description("The venue's circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
            Gauge.builder("nija_rate_limit_headroom", e, VenueExecutor::sharedRateHeadroom).tag("broker", venue)
                    .description("Requests left in the venue's shared (per-IP) budget").register(registry);
            Gauge.builder("nija_unknown_orders", unknownLegs, u -> u.count(venue)).tag("broker", venue)
                    .description("Order legs sent to the venue whose fate is being resolved by asking it").register(registry);
            unknownEntered(venue);
            quality.bind(venue);
            executions(venue);
            successes(venue);
        }
    }

    private Counter executions(String venue) {
        return executions.computeIfAbsent(venue, v -> Counter.builder("nija_executions").tag("broker", v)
                .description("Order legs that reached a final state").register(registry));
    }

    private Counter successes(String venue) {
        return successes.computeIfAbsent(venue, v -> Counter.builder("nija_executions_success").tag("broker", v)
                .description("Order legs that filled completely").register(registry));
    }

    private Counter unknownEntered(String venue) {
        return unknownEntered.computeIfAbsent(venue, v -> Counter.builder("nija_unknown_orders_entered").tag("broker", v)
                .description("Order legs whose answer was lost and became unknown").register(registry));
    }

    static double circuitStateCode(VenueExecutor e) {
        return switch (e.breakerState()) {
            case "closed" -> 0;
            case "half_open" -> 1;
            default -> 2;
        };
    }

    @Override
    public void routed(String venue, long nanos) {
        tradesRouted.increment();
        routingLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void executionFinished(String venue, boolean filled) {
        executions(venue).increment();
        if (filled) {
            successes(venue).increment();
        }
    }

    @Override
    public void orderUpdated(Order order) {
        unknownLegs.update(order, venue -> unknownEntered(venue).increment());
        quality.update(order);
    }

    /** The registry, for other parts of the service that export metrics (notifications). */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    /**
     * Stream health per venue: how many private ("orders") and book ("books") streams are up, the oldest time since
     * their last frame, and counters of events, catch-ups, stalls, gaps and disconnects (events per second is the
     * rate of the events counter). Either supervisor may be null (no venue with streams).
     */
    public void bindStreams(io.nija.venues.stream.StreamSupervisor orders, io.nija.venues.stream.BookSupervisor books) {
        if (orders != null) {
            for (String venue : orders.venues()) {
                streamMeters(venue, "orders", () -> orders.up(venue), () -> orders.oldestFrameAgeSeconds(venue),
                        orders.stats(venue));
            }
        }
        if (books != null) {
            for (String venue : books.venues()) {
                streamMeters(venue, "books", () -> books.up(venue), () -> books.oldestFrameAgeSeconds(venue),
                        books.stats(venue));
            }
        }
    }

    private void streamMeters(String venue, String stream, java.util.function.IntSupplier up,
                              java.util.function.DoubleSupplier age, io.nija.venues.stream.StreamStats stats) {
        Gauge.builder("nija_stream_up", up, u -> u.getAsInt()).tags("broker", venue, "stream", stream)
                .description("Streams of the venue that are up (private: per API key; books: per pair in sequence)")
                .register(registry);
        Gauge.builder("nija_stream_message_age_seconds", age, a -> a.getAsDouble()).tags("broker", venue, "stream", stream)
                .description("Oldest time since the last frame among the venue's streams that are up").register(registry);
        counter("nija_stream_events_total", venue, stream, stats, io.nija.venues.stream.StreamStats::events,
                "Order events handed to the engine, or book messages applied");
        counter("nija_stream_catchups_total", venue, stream, stats, io.nija.venues.stream.StreamStats::catchUps,
                "Times a private stream came up and the engine caught up by REST");
        counter("nija_stream_stalls_total", venue, stream, stats, io.nija.venues.stream.StreamStats::stalls,
                "Private streams dropped because REST found fills they never pushed");
        counter("nija_stream_gaps_total", venue, stream, stats, io.nija.venues.stream.StreamStats::gaps,
                "Book updates found missing by their sequence numbers (each forced a resync)");
        counter("nija_stream_disconnects_total", venue, stream, stats, io.nija.venues.stream.StreamStats::disconnects,
                "Stream connections lost or refused");
    }

    private void counter(String name, String venue, String stream, io.nija.venues.stream.StreamStats stats,
                         java.util.function.ToDoubleFunction<io.nija.venues.stream.StreamStats> value, String help) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, stats, value).tags("broker", venue, "stream", stream)
                .description(help).register(registry);
    }
}
