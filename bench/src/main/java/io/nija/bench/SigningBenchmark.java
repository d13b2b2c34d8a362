package io.nija.bench;

import io.nija.core.instrument.Instrument;
import io.nija.core.instrument.Pair;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.venues.binance.BinanceVenue;
import io.nija.venues.common.ApiCall;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One Binance order request as the adapter sends it, from the order to the signed call: the order's parameters in
 * their signed order, recvWindow and timestamp appended, HMAC-SHA256 of the query in lowercase hex, the path with
 * the signed query and the API-key header ({@link BinanceVenue#orderQuery}, {@link BinanceVenue#signedRequest}).
 *
 * <p>The input is fixed and the same as bench/ccxt/sign-bench.mjs gives ccxt's {@code binance.sign()}: a GTC limit
 * buy of 0.00153 BTCUSDT at 65000.01 with a client id, recvWindow 5000, timestamp 1767225600000, and the key and
 * secret below (made up). bench/ccxt/compare.sh runs both and prints the ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SigningBenchmark {
    static final String API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    static final long RECV_WINDOW_MS = 5000;
    static final long TIMESTAMP_MS = 1767225600000L;
    static final String CLIENT_ORDER_ID = "nija-7f3c2a91b5d04e6c-1";

    private final VenueAccount account = new VenueAccount("bench-user", BinanceVenue.NAME, API_KEY, SECRET, null);
    private final VenueOrderRequest order = new VenueOrderRequest(
            new Instrument(BinanceVenue.NAME, new Pair("BTC", "USDT"), "BTCUSDT", new BigDecimal("0.01"),
                    new BigDecimal("0.00001"), new BigDecimal("0.00001"), new BigDecimal("5")),
            CLIENT_ORDER_ID, Side.BUY, OrderType.LIMIT, new BigDecimal("0.00153"), new BigDecimal("65000.01"));

    /**
     * The same operation timed in process CPU time rather than wall time (a loaded machine stretches wall time, not
     * the CPU an operation needs); sign-bench.mjs reports ccxt's the same way. Args: warm-up ops, measured ops.
     * Prints one line: {@code cpuNsPerOp=...}.
     */
    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        SigningBenchmark b = new SigningBenchmark();
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += b.signedOrder().pathAndQuery().length();
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        for (int i = 0; i < measured; i++) {
            sink += b.signedOrder().pathAndQuery().length();
        }
        long used = os.getProcessCpuTime() - cpu;
        System.out.printf(java.util.Locale.ROOT, "cpuNsPerOp=%.1f ops=%d sink=%b%n", (double) used / measured, measured, sink > 0);
    }

    @Benchmark
    public ApiCall signedOrder() {
        return BinanceVenue.signedRequest("POST", "/api/v3/order", BinanceVenue.orderQuery(order), account,
                RECV_WINDOW_MS, TIMESTAMP_MS, true);
    }
}
