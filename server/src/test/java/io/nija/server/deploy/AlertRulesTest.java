package io.nija.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * deploy/prometheus/nija-router-alerts.yml: the alerts operators need are there, each with a duration or a reason not
 * to have one, a severity and a summary, and every metric their expressions name is one the running service exports
 * (a rule over a misspelt or renamed series never fires, and Prometheus does not complain). .ci/run checks the file's
 * syntax with {@code promtool check rules}.
 */
@ExtendWith(RunningService.Extension.class)
class AlertRulesTest {
    /** Made by Prometheus itself for every scrape target, not by the service. */
    private static final Set<String> FROM_PROMETHEUS = Set.of("up");

    @Test
    void everyRuleNamesOnlyMetricsTheServiceExports(RunningService service) throws IOException {
        Set<String> exported = service.exportedMetricNames();
        Map<String, String> rules = rules();
        assertThat(rules).isNotEmpty();
        for (Map.Entry<String, String> rule : rules.entrySet()) {
            Set<String> names = new TreeSet<>(GrafanaDashboardTest.metricNames(rule.getValue()));
            assertThat(names).as("metrics of " + rule.getKey() + ": " + rule.getValue()).isNotEmpty();
            names.removeAll(FROM_PROMETHEUS);
            assertThat(exported).as("exported metrics, for alert " + rule.getKey()).containsAll(names);
        }
    }

    @Test
    void theAlertsOperatorsNeedAreThere() throws IOException {
        Map<String, String> rules = rules();
        assertThat(rules).containsKeys("NijaCircuitBreakerOpen", "NijaUnknownOrdersStuck", "NijaWebhookOutboxBacklog",
                "NijaFillLatencyHigh");
        assertThat(rules.get("NijaCircuitBreakerOpen")).contains("nija_circuit_open");
        assertThat(rules.get("NijaUnknownOrdersStuck")).contains("nija_unknown_orders");
        assertThat(rules.get("NijaWebhookOutboxBacklog")).contains("nija_webhook_outbox_pending");
        assertThat(rules.get("NijaFillLatencyHigh")).contains("nija_signal_to_fill_seconds_bucket");
        for (JsonNode rule : allRules()) {
            String name = rule.path("alert").asText();
            assertThat(rule.path("labels").path("severity").asText()).as("severity of " + name).isIn("page", "warn", "info");
            assertThat(rule.path("annotations").path("summary").asText()).as("summary of " + name).isNotBlank();
            // A condition that may flicker (a gauge) must hold a while before it pages; counters' increases need not.
            if (!rule.path("expr").asText().contains("increase(")) {
                assertThat(rule.path("for").asText()).as("for: of " + name).matches("\\d+[smh]");
            }
        }
    }

    @Test
    void theCheckRunsInCi() {
        String ci = DeployFiles.read(DeployFiles.root().resolve(".ci/run"));
        assertThat(ci).contains("promtool check rules deploy/prometheus/nija-router-alerts.yml");
    }

    private static java.util.List<JsonNode> allRules() throws IOException {
        JsonNode root = DeployFiles.YAML.readTree(DeployFiles.deploy().resolve("prometheus/nija-router-alerts.yml").toFile());
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            group.path("rules").forEach(out::add);
        }
        return out;
    }

    /** alert name → expression. */
    private static Map<String, String> rules() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode rule : allRules()) {
            assertThat(out.put(rule.path("alert").asText(), rule.path("expr").asText())).as("alert names are unique").isNull();
        }
        return out;
    }
}
