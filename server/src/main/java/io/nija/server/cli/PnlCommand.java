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

@Command(name = "pnl", mixinStandardHelpOptions = true,
        description = {"Shows a user's PnL per UTC day, oldest first: realized, fees, unrealized and equity "
                + "(GET /api/v1/users/{user}/pnl?interval=day). By default the last 30 days."})
final class PnlCommand extends ServiceCommand {
    @Option(names = "--user", required = true, description = "The user whose PnL to show.")
    String user;

    @Option(names = "--from", description = "First day, 2026-03-01 (default: 29 days before --to).")
    String from;

    @Option(names = "--to", description = "Last day, inclusive (default: today, UTC).")
    String to;

    @Override
    void run(ServiceClient client, PrintWriter out) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("interval", "day");
        q.put("from", from);
        q.put("to", to);
        ServiceClient.Answer a = client.get("/api/v1/users/" + ServiceClient.enc(user) + "/pnl", q);
        if (json()) {
            printRaw(out, a);
            return;
        }
        TextTable t = new TextTable(List.of("day", "realized_pnl", "fees", "unrealized_pnl", "equity"), Set.of(1, 2, 3, 4));
        for (JsonNode d : a.body()) {
            String start = text(d, "period_start");
            t.row(List.of(start.length() >= 10 ? start.substring(0, 10) : start, text(d, "realized_pnl"), text(d, "fees"),
                    text(d, "unrealized_pnl"), text(d, "equity")));
        }
        t.print(out, "no PnL in this period");
    }
}
