package io.nija.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.signal.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Execution quality per venue, from the order updates the lanes publish: how each leg ended (filled, rejected,
 * cancelled, failed) as counters and as rates of the legs ended there, and how far each filled leg's average price
 * was from its order's arrival mid, as a cumulative histogram in basis points (positive = worse for the trader).
 * A leg is counted once, when it is first seen final. Labels are the venue and a fixed outcome or bound: bounded.
 *
 * <p>The slippage histogram is kept here rather than in a Micrometer summary because slippage is signed: a price
 * better than the mid is a negative value, which a distribution summary would drop. The Prometheus naming drops a
 * {@code _bucket} suffix on gauges, so the cumulative counts are the series {@code nija_slippage_bps} with its {@code le}.
 */
final class ExecutionQualityMetrics {
    /** Upper bounds (bps) of the slippage buckets, as Prometheus {@code le} labels; +Inf is the count. */
    static final double[] SLIPPAGE_BOUNDS_BPS = {-50, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 50, 100};
    static final String[] OUTCOMES = {"filled", "rejected", "cancelled", "failed"};
    /** Orders finished recently, so a repeated update of a finished order counts none of its legs again. */
    private static final int FINISHED_REMEMBERED = 10_000;

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, VenueQuality> venues = new ConcurrentHashMap<>();
    /** Legs already counted, per order still working; dropped when the order is final. */
    private final ConcurrentHashMap<String, Set<String>> countedLegs = new ConcurrentHashMap<>();
    private final Map<String, Boolean> finished = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > FINISHED_REMEMBERED;
                }
            });

    ExecutionQualityMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers a venue's meters (at zero) so they are scraped before anything happened there. */
    void bind(String venue) {
        venue(venue);
    }

    void update(Order order) {
        if (finished.containsKey(order.orderId())) {
            return;
        }
        Set<String> counted = countedLegs.computeIfAbsent(order.orderId(), id -> ConcurrentHashMap.newKeySet());
        for (OrderLeg leg : order.legs()) {
            if (leg.status().isTerminal() && counted.add(leg.legId())) {
                venue(leg.venue()).legEnded(leg, order);
            }
        }
        if (order.status().isTerminal()) {
            countedLegs.remove(order.orderId());
            finished.put(order.orderId(), Boolean.TRUE);
        }
    }

    /** Signed bps of {@code price} against {@code mid}: positive = paid more on a buy, got less on a sell. */
    static double slippageBps(Side side, BigDecimal price, BigDecimal mid) {
        BigDecimal diff = side == Side.BUY ? price.subtract(mid) : mid.subtract(price);
        return diff.multiply(BigDecimal.valueOf(10_000)).divide(mid, 4, RoundingMode.HALF_EVEN).doubleValue();
    }

    private VenueQuality venue(String venue) {
        return venues.computeIfAbsent(venue, v -> new VenueQuality(registry, v));
    }

    private static final class VenueQuality {
        private final Map<String, Counter> outcomes = new LinkedHashMap<>();
        private final AtomicLong ended = new AtomicLong();
        private final AtomicLong[] buckets = new AtomicLong[SLIPPAGE_BOUNDS_BPS.length];
        private final AtomicLong slippageCount = new AtomicLong();
        private final DoubleAdder slippageSum = new DoubleAdder();

        VenueQuality(MeterRegistry registry, String venue) {
            for (String outcome : OUTCOMES) {
                Counter c = Counter.builder("nija_leg_outcomes").tags("broker", venue, "outcome", outcome)
                        .description("Order legs that ended at the venue, by how they ended").register(registry);
                outcomes.put(outcome, c);
                Gauge.builder("nija_leg_outcome_rate", this, q -> q.rate(outcome)).tags("broker", venue, "outcome", outcome)
                        .description("Share of the legs ended at the venue that ended this way (fill, reject, cancel, fail rate)")
                        .register(registry);
            }
            for (int i = 0; i < buckets.length; i++) {
                AtomicLong bucket = new AtomicLong();
                buckets[i] = bucket;
                Gauge.builder("nija_slippage_bps", bucket, AtomicLong::get)
                        .tags("broker", venue, "le", label(SLIPPAGE_BOUNDS_BPS[i]))
                        .description("Filled legs whose average price was at most le bps from the order's arrival mid "
                                + "(positive = worse for the trader), cumulative")
                        .register(registry);
            }
            Gauge.builder("nija_slippage_bps", slippageCount, AtomicLong::get).tags("broker", venue, "le", "+Inf")
                    .description("Filled legs whose average price was at most le bps from the order's arrival mid "
                            + "(positive = worse for the trader), cumulative")
                    .register(registry);
            Gauge.builder("nija_slippage_bps_count", slippageCount, AtomicLong::get).tag("broker", venue)
                    .description("Filled legs measured against their order's arrival mid").register(registry);
            Gauge.builder("nija_slippage_bps_sum", slippageSum, DoubleAdder::sum).tag("broker", venue)
                    .description("Sum of the filled legs' slippage against the arrival mid, bps").register(registry);
        }

        void legEnded(OrderLeg leg, Order order) {
            String outcome = switch (leg.status()) {
                case FILLED -> "filled";
                case REJECTED -> "rejected";
                case CANCELLED -> "cancelled";
                default -> "failed";
            };
            outcomes.get(outcome).increment();
            ended.incrementAndGet();
            BigDecimal avg = leg.averagePrice();
            if (avg != null && order.arrivalMid() != null) {
                double bps = slippageBps(order.side(), avg, order.arrivalMid());
                for (int i = 0; i < buckets.length; i++) {
                    if (bps <= SLIPPAGE_BOUNDS_BPS[i]) {
                        buckets[i].incrementAndGet();
                    }
                }
                slippageCount.incrementAndGet();
                slippageSum.add(bps);
            }
        }

        double rate(String outcome) {
            long all = ended.get();
            return all == 0 ? 0 : outcomes.get(outcome).count() / all;
        }

        private static String label(double bound) {
            return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
        }
    }

    /** For tests: the legs ended at {@code venue} with {@code outcome}. */
    double outcomes(String venue, String outcome) {
        return venue(venue).outcomes.get(outcome).count();
    }
}
