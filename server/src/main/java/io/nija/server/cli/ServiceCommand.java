package io.nija.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.server.cli.client.ServiceClient;
import io.nija.server.cli.client.ServiceException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * An everyday command against a running service: it builds the client from the shared options, runs, and turns the
 * service's refusals and unreachable hosts into one line on stderr and exit 1 (bad usage stays picocli's exit 2).
 */
abstract class ServiceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ServiceOptions service;

    @Override
    public final Integer call() {
        refuseOptionsBeforeTheSubcommand();
        ServiceClient client = service.client(spec.commandLine());
        try {
            run(client, spec.commandLine().getOut());
            return 0;
        } catch (ServiceException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("nija-router " + spec.qualifiedName(" ").replaceFirst("^nija-router ", "") + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /**
     * {@code kill-switch --user bob set} would otherwise set the global switch: the options parsed before a
     * subcommand belong to the parent command and the subcommand never sees them. Refused as bad usage instead.
     */
    private void refuseOptionsBeforeTheSubcommand() {
        CommandLine parent = spec.commandLine().getParent();
        if (parent != null && parent.getCommand() instanceof ServiceCommand && parent.getParseResult() != null
                && !parent.getParseResult().matchedOptions().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "put the options after the subcommand, e.g. "
                    + spec.qualifiedName(" ") + " --user alice");
        }
    }

    abstract void run(ServiceClient client, PrintWriter out);

    boolean json() {
        return service.json;
    }

    /** The raw answer, as the service wrote it, for --json. */
    static void printRaw(PrintWriter out, ServiceClient.Answer a) {
        out.println(a.raw());
        out.flush();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
