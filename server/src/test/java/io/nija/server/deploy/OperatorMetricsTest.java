package io.nija.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What operators expect from GET /metrics beside the router's own series, read from the running service after one
 * signal was routed and filled: the JVM's and the process's, HTTP requests per route template and status, the store's
 * connection pool, signal→ack and signal→fill histograms, and per-venue request latency.
 */
@ExtendWith(RunningService.Extension.class)
class OperatorMetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\.|[^\"\\\\])*)\"");

    record Sample(String name, Map<String, String> labels, double value) { }

    @Test
    void theJvmAndTheProcessAreExported(RunningService service) {
        List<Sample> samples = scrape(service);
        for (String family : List.of("jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "jvm_gc_memory_allocated_bytes_total", "process_cpu_usage",
                "process_uptime_seconds", "process_files_open_files", "system_cpu_count")) {
            assertThat(samples).as(family).anyMatch(s -> s.name().equals(family));
        }
        assertThat(sum(samples, "jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
    }

    @Test
    void httpRequestsAreCountedPerRouteTemplateAndStatus(RunningService service) {
        List<Sample> samples = scrape(service);
        assertThat(sum(samples, "http_server_requests_seconds_count",
                Map.of("method", "POST", "route", "/api/v1/signals", "status", "202"))).isGreaterThanOrEqualTo(1);
        assertThat(sum(samples, "http_server_requests_seconds_count",
                Map.of("method", "GET", "route", "/api/v1/orders/{order_id}", "status", "200"))).isGreaterThanOrEqualTo(1);
        assertThat(samples).anyMatch(s -> s.name().equals("http_server_requests_seconds_bucket"));
        // Templates only: no order id (or any other caller input) becomes a label value.
        assertThat(samples).filteredOn(s -> s.name().startsWith("http_server_requests"))
                .allSatisfy(s -> assertThat(s.labels().get("route")).doesNotContain("ord_"));
        service.get("/api/v1/no-such-route-" + System.nanoTime());
        assertThat(sum(scrape(service), "http_server_requests_seconds_count", Map.of("route", "UNMATCHED")))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void theStoresConnectionPoolIsExported(RunningService service) {
        List<Sample> samples = scrape(service);
        for (String family : List.of("hikaricp_connections_active", "hikaricp_connections_idle",
                "hikaricp_connections_pending", "hikaricp_connections_max", "hikaricp_connections_acquire_seconds_count")) {
            assertThat(samples).as(family).anyMatch(s -> s.name().equals(family) && "nija-store".equals(s.labels().get("pool")));
        }
        assertThat(sum(samples, "hikaricp_connections_acquire_seconds_count", Map.of())).isPositive();
    }

    @Test
    void signalToAckAndSignalToFillAreHistogramsWithTheFilledSignal(RunningService service) {
        List<Sample> samples = scrape(service);
        assertThat(sum(samples, "nija_signal_ack_seconds_count", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(samples).anyMatch(s -> s.name().equals("nija_signal_ack_seconds_bucket"));
        assertThat(sum(samples, "nija_signal_to_fill_seconds_count", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(samples).anyMatch(s -> s.name().equals("nija_signal_to_fill_seconds_bucket")
                && "market".equals(s.labels().get("method")));
    }

    @Test
    void venueRequestsAreTimedPerVenueAndCall(RunningService service) {
        List<Sample> samples = scrape(service);
        assertThat(sum(samples, "nija_venue_request_seconds_count", Map.of("call", "place", "outcome", "ok"))).isGreaterThanOrEqualTo(1);
        assertThat(sum(samples, "nija_venue_request_seconds_count", Map.of("call", "book"))).isPositive();
        assertThat(samples).filteredOn(s -> s.name().equals("nija_venue_request_seconds_count"))
                .extracting(s -> s.labels().get("broker")).contains("binance", "kraken", "coinbase", "okx", "bybit", "alpaca");
        assertThat(samples).anyMatch(s -> s.name().equals("nija_venue_request_seconds_bucket"));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    static List<Sample> scrape(RunningService service) {
        RunningService.Reply r = service.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        List<Sample> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return out;
    }

    /** The sum of a family's samples whose labels include {@code having}. */
    static double sum(List<Sample> samples, String name, Map<String, String> having) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(having.entrySet()))
                .mapToDouble(Sample::value).sum();
    }
}
