package io.nija.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Fill;
import io.nija.core.venue.AssetBalance;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.KeyPermissions;
import io.nija.core.venue.RequestBudget;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A venue whose requests are timed: {@code nija_venue_request_seconds{broker, call, outcome}} (a histogram with fixed
 * buckets from 1 ms to 10 s), where call is place, cancel, query, open_orders, fills, balances, book, fees or
 * key_permissions and outcome ok or error (any exception: a refusal, a timeout, a lost answer). Everything else is
 * passed through unchanged, including every default method of {@link Venue} (TimedVenueTest checks that none is left
 * to its default, which would silently change what the engine sees).
 */
public final class TimedVenue implements Venue {
    /** Buckets for answers over the network (ms to s); in-process venues land in the first. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final Venue venue;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public TimedVenue(Venue venue, MeterRegistry registry) {
        this.venue = venue;
        this.registry = registry;
        for (String call : List.of("place", "cancel", "query", "open_orders", "fills", "balances", "book")) {
            timer(call, "ok");
        }
    }

    /** Each venue of {@code venues} timed, in the same order. */
    public static Map<String, Venue> wrapAll(Map<String, Venue> venues, MeterRegistry registry) {
        Map<String, Venue> out = new java.util.LinkedHashMap<>();
        venues.forEach((name, v) -> out.put(name, new TimedVenue(v, registry)));
        return out;
    }

    private Timer timer(String call, String outcome) {
        return timers.computeIfAbsent(call + '/' + outcome, k -> Timer.builder("nija_venue_request")
                .description("Requests to the venue, by call and outcome (error: refused, failed or no answer)")
                .tags("broker", venue.name(), "call", call, "outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }

    private <T> T timed(String call, Supplier<T> request) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T answer = request.get();
            outcome = "ok";
            return answer;
        } finally {
            timer(call, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public String name() {
        return venue.name();
    }

    @Override
    public List<Instrument> instruments() {
        return venue.instruments();
    }

    @Override
    public OrderBook orderBook(Instrument instrument, int depth) {
        return timed("book", () -> venue.orderBook(instrument, depth));
    }

    @Override
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        return timed("fees", () -> venue.fees(account, instrument));
    }

    @Override
    public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        return timed("place", () -> venue.placeOrder(account, request));
    }

    @Override
    public boolean placeAnswerIsAcknowledgement() {
        return venue.placeAnswerIsAcknowledgement();
    }

    @Override
    public io.nija.core.venue.NativeStops nativeStops() {
        return venue.nativeStops();
    }

    @Override
    public io.nija.core.venue.NativeStops nativeStops(io.nija.core.venue.VenueAccount account) {
        return venue.nativeStops(account);
    }

    @Override
    public Optional<RequestBudget> budget() {
        return venue.budget();
    }

    @Override
    public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        return timed("cancel", () -> venue.cancelOrder(account, instrument, clientOrderId));
    }

    @Override
    public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        return timed("query", () -> venue.queryOrder(account, instrument, clientOrderId));
    }

    @Override
    public List<VenueOrderState> openOrders(VenueAccount account) {
        return timed("open_orders", () -> venue.openOrders(account));
    }

    @Override
    public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        return timed("fills", () -> venue.fills(account, instrument, clientOrderId));
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        return timed("balances", () -> venue.balances(account));
    }

    @Override
    public Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        return timed("key_permissions", () -> venue.keyPermissions(account));
    }

    @Override
    public List<AssetBalance> balanceDetails(VenueAccount account) {
        return timed("balances", () -> venue.balanceDetails(account));
    }

    @Override
    public int maxConcurrentCallsPerKey() {
        return venue.maxConcurrentCallsPerKey();
    }

    @Override
    public boolean sharesOpenOrdersRead() {
        return venue.sharesOpenOrdersRead();
    }

    @Override
    public String toString() {
        return venue.toString();
    }
}
