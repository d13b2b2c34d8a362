package io.nija.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.server.cli.client.ServiceClient;
import io.nija.server.cli.client.TextTable;
import java.io.PrintWriter;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows whether the running service is ready (store, venues), each venue's health and circuit, "
                + "and the kill switch the token sees (the global one with the admin token, the user's own otherwise).",
                "With --json: {ready, venues, kill_switch} with the service's answers inside."})
final class StatusCommand extends ServiceCommand {
    @Override
    void run(ServiceClient client, PrintWriter out) {
        // /ready answers 503 when the store is down: that is worth showing, not a failure of the command.
        JsonNode ready = readiness(client);
        ServiceClient.Answer venues = client.get("/api/v1/venues", Map.of());
        ServiceClient.Answer kill = client.get("/api/v1/kill-switch", Map.of());
        if (json()) {
            var n = io.nija.server.cli.client.Json.object();
            n.set("ready", ready);
            n.set("venues", venues.body());
            n.set("kill_switch", kill.body());
            out.println(n.toString());
            out.flush();
            return;
        }
        out.println("service     " + client.base());
        out.println("status      " + text(ready, "status") + " (store " + (ready.path("store").asBoolean() ? "up" : "DOWN")
                + ", " + text(ready, "venues") + " venues)");
        out.println("kill switch " + KillSwitchCommand.describe(kill.body()));
        out.println();
        TextTable t = new TextTable(List.of("venue", "healthy", "circuit", "queue", "success", "latency_ms", "taker_fee"),
                Set.of(3, 4, 5, 6));
        for (JsonNode v : venues.body()) {
            boolean measured = v.path("executions_measured").asBoolean(true);
            t.row(List.of(text(v, "venue"), v.path("healthy").asBoolean() ? "yes" : "NO", text(v, "circuit_state"),
                    text(v, "queue_depth"), measured ? percent(v.get("success_rate")) : "",
                    measured ? scaled(v.get("avg_latency_ms"), 2) : "",
                    text(v.path("fees"), "taker")));
        }
        t.print(out, "no venues");
    }

    /** 0.987 → 98.7%; exact, the service's decimal is never passed through a double. */
    static String percent(JsonNode rate) {
        return rate == null || !rate.isNumber() ? "" : rate.decimalValue().movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }

    static String scaled(JsonNode n, int scale) {
        return n == null || !n.isNumber() ? "" : n.decimalValue().setScale(scale, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static JsonNode readiness(ServiceClient client) {
        ServiceClient.Answer a = client.get("/ready", 503);
        return a.body() != null ? a.body()
                : io.nija.server.cli.client.Json.object().put("status", "not_ready (HTTP " + a.status() + ")").put("store", false);
    }
}
