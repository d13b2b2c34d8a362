package io.nija.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.server.cli.client.ServiceClient;
import io.nija.server.cli.client.TextTable;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "positions", mixinStandardHelpOptions = true,
        description = "Lists open positions per user, venue and pair with realized and unrealized PnL (GET /api/v1/positions).")
final class PositionsCommand extends ServiceCommand {
    @Option(names = "--user", description = "Only this user's positions (admin token: default every user's).")
    String user;

    @Override
    void run(ServiceClient client, PrintWriter out) {
        Map<String, String> q = new HashMap<>();
        q.put("user_id", user);
        ServiceClient.Answer a = client.get("/api/v1/positions", q);
        if (json()) {
            printRaw(out, a);
            return;
        }
        TextTable t = new TextTable(List.of("user", "venue", "pair", "qty", "avg_cost", "realized_pnl", "unrealized_pnl"),
                Set.of(3, 4, 5, 6));
        for (JsonNode p : a.body()) {
            t.row(List.of(text(p, "user_id"), text(p, "venue"), text(p, "pair"), text(p, "qty"), text(p, "avg_cost"),
                    text(p, "realized_pnl"), text(p, "unrealized_pnl")));
        }
        t.print(out, "no open positions");
    }
}
