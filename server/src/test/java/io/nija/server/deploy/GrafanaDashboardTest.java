package io.nija.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * deploy/grafana/nija-execution-router.json: every query names only metrics the running service exports (read
 * from its GET /metrics after a signal was routed and filled), and the design's panels are there.
 */
@ExtendWith(RunningService.Extension.class)
class GrafanaDashboardTest {
    /** The design's four panels ("Grafana Dashboard - Execution Router"), with the histogram and ratio made valid. */
    private static final List<String> DESIGN_QUERIES = List.of(
            "rate(nija_trades_routed_total[1m])",
            "histogram_quantile(0.99, sum by (le) (rate(nija_routing_latency_seconds_bucket[5m])))",
            "sum by (broker)(rate(nija_executions_success_total[5m])) / sum by (broker)(rate(nija_executions_total[5m]))",
            "nija_executor_queue_depth");

    /** PromQL words that are neither metrics nor followed by "(" (aggregation modifiers, operators). */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan");

    @Test
    void everyPanelQueryRefersOnlyToMetricsTheServiceExports(RunningService service) {
        Set<String> exported = service.exportedMetricNames();
        assertThat(exported).as("what GET /metrics exports")
                .contains("nija_trades_routed_total", "nija_routing_latency_seconds_bucket");

        List<String> queries = queries();
        assertThat(queries).isNotEmpty();
        Set<String> used = new TreeSet<>();
        for (String q : queries) {
            Set<String> metrics = metricNames(q);
            assertThat(metrics).as("metrics in " + q).isNotEmpty();
            assertThat(exported).as("exported metrics, for query " + q).containsAll(metrics);
            used.addAll(metrics);
        }
        // Breakers, rate limits, fills and rejections each have a panel.
        assertThat(used).contains("nija_circuit_open", "nija_rate_limit_headroom", "nija_executions_total",
                "nija_executions_success_total", "nija_executor_queue_depth", "nija_trades_routed_total",
                "nija_routing_latency_seconds_bucket");
        // ... and so do unknown orders, breaker state, webhook deliveries and SSE clients.
        assertThat(used).contains("nija_unknown_orders", "nija_circuit_state", "nija_webhook_deliveries_total",
                "nija_sse_clients", "nija_webhook_outbox_pending");
        // ... and the service row: end-to-end latency, venue requests, HTTP, the connection pool, the JVM.
        assertThat(used).contains("nija_signal_ack_seconds_bucket", "nija_signal_to_fill_seconds_bucket",
                "nija_venue_request_seconds_bucket", "http_server_requests_seconds_count",
                "http_server_requests_seconds_bucket", "hikaricp_connections_active", "hikaricp_connections_pending",
                "jvm_memory_used_bytes", "process_cpu_usage");
    }

    @Test
    void theDesignsFourPanelsAreThere() {
        List<String> normalized = queries().stream().map(GrafanaDashboardTest::normalize).toList();
        for (String q : DESIGN_QUERIES) {
            assertThat(normalized).as("a panel queries " + q).contains(normalize(q));
        }
        List<String> titles = panels().stream().map(p -> p.path("title").asText()).toList();
        assertThat(titles).contains("Trades Routed per Second", "Routing Latency p99", "Execution Success Rate by Broker",
                "Queue Depth by Broker");
        assertThat(titles).anyMatch(t -> t.contains("Circuit Breaker")).anyMatch(t -> t.contains("Rate-Limit"))
                .anyMatch(t -> t.contains("Fills")).anyMatch(t -> t.contains("Rejections"));
    }

    @Test
    void panelsAreWellFormed() {
        JsonNode dash = dashboard();
        assertThat(dash.path("title").asText()).isNotBlank();
        assertThat(dash.path("uid").asText()).isNotBlank();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : panels()) {
            assertThat(ids.add(p.path("id").asInt())).as("unique panel id " + p.path("id")).isTrue();
            assertThat(p.path("gridPos").path("w").asInt()).as("width of " + p.path("title")).isPositive();
            if (!p.path("type").asText().equals("row")) {
                assertThat(p.path("targets")).as("targets of " + p.path("title")).isNotEmpty();
                assertThat(p.path("datasource").path("uid").asText()).as("data source of " + p.path("title"))
                        .isEqualTo("${datasource}");
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static JsonNode dashboard() {
        try {
            JsonNode root = DeployFiles.JSON.readTree(DeployFiles.deploy().resolve("grafana/nija-execution-router.json").toFile());
            return root.has("dashboard") ? root.get("dashboard") : root;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** All panels, including those nested in collapsed rows. */
    private static List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard().path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    /** Every PromQL expression: panel targets and query variables. */
    private static List<String> queries() {
        List<String> out = new ArrayList<>();
        for (JsonNode p : panels()) {
            p.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        }
        for (JsonNode v : dashboard().path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                out.add(v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText());
            }
        }
        return out;
    }

    /**
     * Metric names in a PromQL expression: identifiers left after removing strings, label matchers {...},
     * ranges [...], grouping clauses by/without/on/ignoring (...), function calls name( and keywords.
     */
    static Set<String> metricNames(String promql) {
        String s = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        // label_values(metric, label) and similar variable functions: keep the metric, drop the label argument.
        s = s.replaceAll("\\blabel_values\\s*\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)\\s*,[^)]*\\)", " $1 ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_:.$])([A-Za-z_:][A-Za-z0-9_:]*)(\\s*\\()?").matcher(s);
        while (m.find()) {
            String word = m.group(1);
            if (m.group(2) == null && !KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
                names.add(word);
            }
        }
        return names;
    }

    private static String normalize(String q) {
        return q.replaceAll("\\s+", "");
    }

    @Test
    void metricNamesAreFoundInPromql() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le) (rate(nija_routing_latency_seconds_bucket[5m])))"))
                .containsExactly("nija_routing_latency_seconds_bucket");
        assertThat(metricNames("sum by (broker)(rate(a_total{broker=~\"x|y\"}[5m])) / on (broker) group_left b"))
                .containsExactly("a_total", "b");
        assertThat(metricNames("max by (broker) (nija_circuit_open) == bool 1")).containsExactly("nija_circuit_open");
        assertThat(metricNames("1 - rate(x[$__rate_interval]) offset 5m")).containsExactly("x");
    }
}
