package io.nija.server.load;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * What a run has measured so far: counters and, per phase, HdrHistograms of signal→ack (the client's POST to its 202)
 * and signal→fill (from the client's POST to the fill event's arrival, and from the order's {@code created_at} to
 * its {@code updated_at} when filled, both stamped by the service). Progress lines and the final table are both
 * drawn from a {@link Snapshot} of it, so they cannot tell different stories.
 */
public final class LoadStats {
    private final LongSupplier nanos;
    private final long startNanos;
    private final long planned;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong orders = new AtomicLong();
    private final AtomicLong finals = new AtomicLong();
    private final AtomicLong filled = new AtomicLong();
    private final AtomicLong lastFillNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastAtVenueNanos = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, Phase> phases = new ConcurrentHashMap<>();
    private final List<String> phaseOrder;
    private final AtomicLongArray heapPeak;
    private final Map<String, Long> notFilled = new ConcurrentHashMap<>();
    private volatile String firstRefusal;

    /** Per phase: the series and the span from its first send to its last fill, for its own trades/min. */
    private static final class Phase {
        final LatencyRecorder ack = new LatencyRecorder();
        final LatencyRecorder fillClient = new LatencyRecorder();
        final LatencyRecorder fillService = new LatencyRecorder();
        final AtomicLong firstSend = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastFill = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong filled = new AtomicLong();
    }

    public LoadStats(long planned, List<String> measuredPhases, int instances, LongSupplier nanos) {
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        this.planned = planned;
        this.phaseOrder = List.copyOf(measuredPhases);
        this.heapPeak = new AtomicLongArray(instances);
    }

    public long startNanos() {
        return startNanos;
    }

    public long now() {
        return nanos.getAsLong();
    }

    private Phase phase(String name) {
        return phases.computeIfAbsent(name, k -> new Phase());
    }

    /** A signal (or the alert) left the client at {@code sentNanos}. */
    public void sent(String phase, long sentNanos) {
        sent.incrementAndGet();
        phase(phase).firstSend.accumulateAndGet(sentNanos, Math::min);
    }

    /** Its 202 came back with {@code orderIds} orders. */
    public void accepted(String phase, long sentNanos, long ackNanos, int orderIds) {
        accepted.incrementAndGet();
        orders.addAndGet(orderIds);
        phase(phase).ack.record(Duration.ofNanos(ackNanos - sentNanos));
    }

    /** Orders learned of without a 202 naming them (the fan-out's). */
    public void ordersExpected(long n) {
        orders.addAndGet(n);
    }

    public void refused(String why) {
        refused.incrementAndGet();
        if (firstRefusal == null) {
            firstRefusal = why;
        }
    }

    /** An order reached a venue (its first executing or later state) at {@code atNanos}. */
    public void atVenue(long atNanos) {
        lastAtVenueNanos.accumulateAndGet(atNanos, Math::max);
    }

    /** An order reached a final state; a fill records its latencies in its phase. */
    public void finalState(String phase, String status, long sentNanos, long receivedNanos, Instant createdAt, Instant updatedAt) {
        finals.incrementAndGet();
        if (!status.equals("filled")) {
            notFilled.merge(status, 1L, Long::sum);
            return;
        }
        filled.incrementAndGet();
        lastFillNanos.accumulateAndGet(receivedNanos, Math::max);
        atVenue(receivedNanos);
        Phase p = phase(phase);
        p.filled.incrementAndGet();
        p.lastFill.accumulateAndGet(receivedNanos, Math::max);
        p.fillClient.record(Duration.ofNanos(receivedNanos - sentNanos));
        p.fillService.record(Duration.between(createdAt, updatedAt));
    }

    /** A heap reading of instance {@code i} (bytes used), kept if it is the highest. */
    public void heap(int instance, long bytes) {
        heapPeak.accumulateAndGet(instance, bytes, Math::max);
    }

    /** The numbers as they are now. */
    public Snapshot snapshot() {
        long now = nanos.getAsLong();
        Map<String, PhaseNumbers> byPhase = new LinkedHashMap<>();
        for (String name : phaseOrder) {
            Phase p = phases.get(name);
            if (p == null) {
                byPhase.put(name, new PhaseNumbers(0, LatencyRecorder.Summary.EMPTY, LatencyRecorder.Summary.EMPTY,
                        LatencyRecorder.Summary.EMPTY, null));
                continue;
            }
            Duration span = p.filled.get() == 0 || p.firstSend.get() == Long.MAX_VALUE ? null
                    : Duration.ofNanos(p.lastFill.get() - p.firstSend.get());
            byPhase.put(name, new PhaseNumbers(p.filled.get(), p.ack.summary(), p.fillClient.summary(),
                    p.fillService.summary(), span));
        }
        long[] heaps = new long[heapPeak.length()];
        for (int i = 0; i < heaps.length; i++) {
            heaps[i] = heapPeak.get(i);
        }
        long lastFill = lastFillNanos.get();
        long lastAtVenue = lastAtVenueNanos.get();
        return new Snapshot(planned, sent.get(), accepted.get(), refused.get(), orders.get(), finals.get(), filled.get(),
                Map.copyOf(notFilled), Duration.ofNanos(now - startNanos),
                lastFill == Long.MIN_VALUE ? null : Duration.ofNanos(lastFill - startNanos),
                lastAtVenue == Long.MIN_VALUE ? null : Duration.ofNanos(lastAtVenue - startNanos),
                byPhase, heaps, firstRefusal);
    }

    /** A measured phase's numbers. {@code span}: its first send to its last fill. */
    public record PhaseNumbers(long filled, LatencyRecorder.Summary ack, LatencyRecorder.Summary fillClient,
                               LatencyRecorder.Summary fillService, Duration span) {
        public double tradesPerMinute() {
            return span == null || span.isZero() ? 0 : filled * 60e9 / span.toNanos();
        }
    }

    /**
     * The run at one moment. {@code elapsed}: from the start to the snapshot; {@code toLastFill}: from the start to
     * the last fill seen (null before any); {@code toLastAtVenue}: to the last order seen at a venue.
     */
    public record Snapshot(long planned, long sent, long accepted, long refused, long orders, long finals, long filled,
                           Map<String, Long> notFilled, Duration elapsed, Duration toLastFill, Duration toLastAtVenue,
                           Map<String, PhaseNumbers> phases, long[] heapPeakBytes, String firstRefusal) {
        /** Filled orders per minute from the start to the last fill. */
        public double tradesPerMinute() {
            return toLastFill == null || toLastFill.isZero() ? 0 : filled * 60e9 / toLastFill.toNanos();
        }

        public boolean allFinal() {
            return finals >= orders;
        }

        public long heapPeakTotal() {
            long sum = 0;
            for (long h : heapPeakBytes) {
                sum += h;
            }
            return sum;
        }
    }
}
