package io.nija.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.server.cli.client.ServiceClient;
import io.nija.server.cli.client.TextTable;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "orders", mixinStandardHelpOptions = true,
        description = {"Lists orders, newest first (GET /api/v1/orders), one page at a time.",
                "When there are more, the last line gives the --cursor of the next page (with --json it goes to stderr, "
                        + "so stdout stays the service's JSON array)."})
final class OrdersCommand extends ServiceCommand {
    @Option(names = "--user", description = "Only this user's orders (admin token; a user's token sees only its own).")
    String user;

    @Option(names = "--status", description = "Only orders in this status (filled, rejected, partial_fill, unknown, …).")
    String status;

    @Option(names = "--strategy", description = "Only orders from this strategy.")
    String strategy;

    @Option(names = "--since", description = "Created at or after this ISO-8601 time (2026-03-01T00:00:00Z).")
    String since;

    @Option(names = "--until", description = "Created before this ISO-8601 time.")
    String until;

    @Option(names = "--limit", defaultValue = "20", description = "Orders per page, 1 to 1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", description = "Page to read, as printed after the previous page.")
    String cursor;

    @Override
    void run(ServiceClient client, PrintWriter out) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("user_id", user);
        q.put("status", status);
        q.put("strategy", strategy);
        q.put("since", since);
        q.put("until", until);
        q.put("limit", Integer.toString(limit));
        q.put("cursor", cursor);
        ServiceClient.Answer a = client.get("/api/v1/orders", q);
        String next = a.header("X-Next-Cursor").orElse(null);
        if (json()) {
            printRaw(out, a);
            if (next != null) {
                spec.commandLine().getErr().println("next page: --cursor " + next);
                spec.commandLine().getErr().flush();
            }
            return;
        }
        TextTable t = new TextTable(List.of("created_at", "order_id", "user", "pair", "side", "type", "status", "venue",
                "usd", "filled_qty", "avg_price", "fees_usd", "strategy"), Set.of(8, 9, 10, 11));
        for (JsonNode o : a.body()) {
            t.row(List.of(text(o, "created_at"), text(o, "order_id"), text(o, "user_id"), text(o, "pair"), text(o, "side"),
                    text(o, "signal_type"), text(o, "status"), text(o, "venue"), text(o, "requested_usd"),
                    text(o, "filled_qty"), text(o, "avg_price"), text(o, "fees_usd"), text(o, "strategy")));
        }
        t.print(out, "no orders");
        if (next != null) {
            out.println("more: --cursor " + next);
            out.flush();
        }
    }
}
