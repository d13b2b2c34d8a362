package io.nija.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@link RoutingBenchmark}'s decisions timed one by one in the calling thread's CPU time: on a machine shared with
 * other work, wall-time percentiles (JMH sample mode) measure how often the scheduler takes the core away, not the
 * decision. CPU time leaves that out, and so leaves out collection pauses too: the allocation per decision
 * ({@code -prof gc} in the JMH run) is what stands for them. Percentiles include the ~0.1-0.3 us the clock read costs.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.nija.bench.RoutingCpuSample [warm-up] [measured]}
 */
public final class RoutingCpuSample {
    private RoutingCpuSample() {
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        RoutingBenchmark b = new RoutingBenchmark();
        b.setUp();
        report("priceSixEligible", b::priceSixEligible, warmup, measured);
        report("priceOneThinBook", b::priceOneThinBook, warmup, measured);
        report("priceSplit", b::priceSplit, warmup / 4, measured / 4);
        report("routeSixEligible (score)", b::routeSixEligible, warmup, measured);
    }

    private static void report(String name, Supplier<?> decision, int warmup, int measured) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += decision.get().hashCode();
        }
        long[] ns = new long[measured];
        for (int i = 0; i < measured; i++) {
            long start = threads.getCurrentThreadCpuTime();
            Object d = decision.get();
            ns[i] = threads.getCurrentThreadCpuTime() - start;
            sink += d.hashCode();
        }
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "%-26s n=%d thread-CPU us: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.1f  (%d)%n",
                name, measured, at(ns, 0.5), at(ns, 0.9), at(ns, 0.99), at(ns, 0.999), ns[ns.length - 1] / 1e3, sink & 1);
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e3;
    }
}
