package io.nija.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.server.cli.client.ServiceClient;
import io.nija.server.cli.client.TextTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "balances", mixinStandardHelpOptions = true,
        description = {"Shows a user's balances per venue and asset as the venues report them now "
                + "(GET /api/v1/users/{user}/balances). A venue that could not be read is named below the table."})
final class BalancesCommand extends ServiceCommand {
    @Option(names = "--user", required = true, description = "The user whose balances to show.")
    String user;

    @Override
    void run(ServiceClient client, PrintWriter out) {
        ServiceClient.Answer a = client.get("/api/v1/users/" + ServiceClient.enc(user) + "/balances", Map.of());
        String unread = a.header("X-Unread-Venues").orElse(null);
        if (json()) {
            printRaw(out, a);
        } else {
            TextTable t = new TextTable(List.of("venue", "asset", "free", "locked"), Set.of(2, 3));
            for (JsonNode b : a.body()) {
                t.row(List.of(text(b, "venue"), text(b, "asset"), text(b, "free"), text(b, "locked")));
            }
            t.print(out, "no balances (no credentials stored, or every account is empty)");
        }
        if (unread != null) {
            PrintWriter where = json() ? spec.commandLine().getErr() : out;
            where.println("not read (venue:reason): " + unread);
            where.flush();
        }
    }
}
