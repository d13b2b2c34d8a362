package io.nija.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.server.cli.client.Json;
import io.nija.server.cli.client.ServiceClient;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kill-switch [get|set|clear]}: reads or sets the global switch (admin token, no --user) or one user's
 * (the admin, or that user's own token). Bare {@code kill-switch} reads it.
 */
@Command(name = "kill-switch", mixinStandardHelpOptions = true,
        description = {"Shows or sets the kill switch: global with the admin token and no --user, else one user's.",
                "  block_entries: entries are refused; exits and stops still pass.",
                "  flatten: also cancels open orders and closes every position at market.",
                "Without a subcommand it shows the switch (as `get`)."},
        subcommands = {KillSwitchCommand.Get.class, KillSwitchCommand.Set.class, KillSwitchCommand.Clear.class,
                CommandLine.HelpCommand.class})
final class KillSwitchCommand extends ServiceCommand {
    @Option(names = "--user", description = "The user's switch instead of the global one (a user's token: its own).")
    String user;

    @Override
    void run(ServiceClient client, PrintWriter out) {
        show(client, out, user, json());
    }

    static void show(ServiceClient client, PrintWriter out, String user, boolean json) {
        Map<String, String> q = new HashMap<>();
        q.put("user_id", user);
        ServiceClient.Answer a = client.get("/api/v1/kill-switch", q);
        out.println(json ? a.raw() : describe(a.body()));
        out.flush();
    }

    /** "ON (flatten) for user alice since …, flat at every venue" / "off (global)". */
    static String describe(JsonNode k) {
        String who = k.path("user_id").isNull() || k.path("user_id").isMissingNode() ? "global" : "user " + k.get("user_id").asText();
        if (!k.path("enabled").asBoolean()) {
            return "off (" + who + ")";
        }
        StringBuilder b = new StringBuilder("ON, " + text(k, "mode") + " (" + who + ")");
        if (!text(k, "set_at").isEmpty()) {
            b.append(" since ").append(text(k, "set_at"));
        }
        if (k.has("flat")) {
            b.append(k.get("flat").asBoolean() ? "; flat at every venue" : "; positions or orders still open");
        }
        return b.toString();
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows the switch (GET /api/v1/kill-switch).")
    static final class Get extends ServiceCommand {
        @Option(names = "--user", description = "The user's switch instead of the global one.")
        String user;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            show(client, out, user, json());
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Turns the switch on (POST /api/v1/kill-switch {enabled:true, mode}).")
    static final class Set extends ServiceCommand {
        @Option(names = "--user", description = "The user's switch instead of the global one (global needs the admin token).")
        String user;

        @Option(names = "--mode", defaultValue = "block_entries",
                description = "block_entries or flatten (default ${DEFAULT-VALUE}).")
        String mode;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            if (!mode.equals("block_entries") && !mode.equals("flatten")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--mode must be block_entries or flatten, not '" + mode + "'");
            }
            post(client, out, user, true, mode, json());
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Turns the switch off (POST /api/v1/kill-switch {enabled:false}).")
    static final class Clear extends ServiceCommand {
        @Option(names = "--user", description = "The user's switch instead of the global one.")
        String user;

        @Override
        void run(ServiceClient client, PrintWriter out) {
            post(client, out, user, false, null, json());
        }
    }

    private static void post(ServiceClient client, PrintWriter out, String user, boolean enabled, String mode, boolean json) {
        var body = Json.object();
        if (user != null) {
            body.put("user_id", user);
        }
        body.put("enabled", enabled);
        if (mode != null) {
            body.put("mode", mode);
        }
        ServiceClient.Answer a = client.post("/api/v1/kill-switch", body.toString());
        out.println(json ? a.raw() : "kill switch " + describe(a.body()));
        out.flush();
    }
}
