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
 * (nija_unknown_orders_entered_total). End to end: nija_signal_ack_seconds (a signal's arrival to its answer) and
 * nija_signal_to_fill_seconds{method} (the order's creation to its complete fill). With {@link #bindProcess()}: the
 * JVM's and the process's own series (jvm_*, process_*, system_*). Execution quality per venue ({@link
 * ExecutionQualityMetrics}): leg outcomes (nija_leg_outcomes_total, nija_leg_outcome_rate) and slippage against the
 * arrival mid (nija_slippage_bps{le}, _count, _sum).
 */
public final class RouterMetrics implements EngineListener, AutoCloseable {
    /** Orders whose fill was timed lately: an order published filled again (a late update) is not timed twice. */
    private static final int FILLED_REMEMBERED = 10_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter tradesRouted;
    private final Timer routingLatency;
    private final ConcurrentHashMap<String, Counter> executions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> successes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> unknownEntered = new ConcurrentHashMap<>();
    private final UnknownLegs unknownLegs = new UnknownLegs();
    private final Timer signalAck;
    private final java.util.Map<io.nija.core.order.ExecutionMethod, Timer> signalToFill =
            new java.util.EnumMap<>(io.nija.core.order.ExecutionMethod.class);
    private final java.util.Set<String> filledTimed = java.util.Collections.newSetFromMap(
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                    return size() > FILLED_REMEMBERED;
                }
            }));
    private final java.util.function.Supplier<java.time.Instant> now;
    private final java.util.List<AutoCloseable> binders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutionQualityMetrics quality = new ExecutionQualityMetrics(registry);

    public RouterMetrics() {
        this(java.time.Instant::now);
    }

    /** @param now the time an order's fill is seen at (the engine's clock) */
    public RouterMetrics(java.util.function.Supplier<java.time.Instant> now) {
        this.now = now;
        signalAck = Timer.builder("nija_signal_ack").description("From a signal's arrival to the router's answer (accepted)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        for (io.nija.core.order.ExecutionMethod m : io.nija.core.order.ExecutionMethod.values()) {
            signalToFill.put(m, Timer.builder("nija_signal_to_fill").tag("method", m.wire())
                    .description("From an order's creation (its signal's arrival) to its complete fill")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofHours(1))
                    .register(registry));
        }
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
        if (order.status() == io.nija.core.order.OrderStatus.FILLED && filledTimed.add(order.orderId())) {
            io.nija.core.order.ExecutionMethod method = order.executionMethod() == null
                    ? io.nija.core.order.ExecutionMethod.MARKET : order.executionMethod();
            Duration took = Duration.between(order.createdAt(), now.get());
            signalToFill.get(method).record(took.isNegative() ? Duration.ZERO : took);
        }
    }

    /** A signal was accepted {@code nanos} after it arrived. */
    public void signalAcked(long nanos) {
        signalAck.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The JVM's and the process's series: memory, GC, threads, classes, CPU, uptime, open files. Once, for the
     * service's own registry (tests that build many RouterMetrics leave it out); undone by {@link #close()}.
     */
    public void bindProcess() {
        new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics().bindTo(registry);
        io.micrometer.core.instrument.binder.jvm.JvmGcMetrics gc = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.FileDescriptorMetrics().bindTo(registry);
    }

    @Override
    public void close() {
        for (AutoCloseable b : binders) {
            try {
                b.close();
            } catch (Exception e) {
                // a JMX listener that will not unregister only keeps a few counters alive; nothing to do
            }
        }
        binders.clear();
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

    void streamMeters(String venue, String stream, java.util.function.IntSupplier up,
                              java.util.function.DoubleSupplier age, io.nija.venues.stream.StreamStats stats) {
        Gauge.builder("nija_stream_up", up, u -> u.getAsInt()).strongReference(true).tags("broker", venue, "stream", stream)
                .description("Streams of the venue that are up (private: per API key; books: per pair in sequence)")
                .register(registry);
        Gauge.builder("nija_stream_message_age_seconds", age, a -> a.getAsDouble()).strongReference(true)
                .tags("broker", venue, "stream", stream)
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
