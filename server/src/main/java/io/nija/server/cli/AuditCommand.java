package io.nija.server.cli;

import io.nija.store.JdbcStore;
import io.nija.store.Stores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nija-router audit verify}: checks the audit log's hash chain. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audit log tools.",
        subcommands = {AuditCommand.Verify.class, CommandLine.HelpCommand.class})
final class AuditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (verify)");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Opens the store and walks the audit log's hash chain from its first row.",
                    "Prints OK and the number of rows when every row is intact and in sequence; otherwise the sequence"
                            + " number of the first row that was altered, inserted or follows a deleted one.",
                    "With the embedded store, run it while the service is stopped (or point --db-url at its database).",
                    "Exit codes: 0 the chain is intact; 1 the chain is broken, or the store cannot be opened or read;"
                            + " 2 bad usage; " + Verify.IN_USE + " the embedded store is in use by a running service"
                            + " (nothing was checked)."})
    static final class Verify implements Callable<Integer> {
        /** Not a verdict on the chain: the check did not run, and a script must not read it as "broken". */
        static final int IN_USE = 3;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory of the embedded store (default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--db-url", description = "PostgreSQL JDBC URL of an external store instead of the embedded one.")
        String dbUrl;

        @Option(names = "--db-schema", description = "Schema in the external database (default: its default schema).")
        String dbSchema;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            JdbcStore store;
            try {
                store = dbUrl == null ? Stores.embedded(dataDir) : Stores.external(dbUrl, dbSchema);
            } catch (RuntimeException e) {
                if (inUse(e)) {
                    err.println("audit verify: the store in " + dataDir + " is in use by a running service; stop it first, "
                            + "or point --db-url at the database it uses (nothing was checked)");
                    err.flush();
                    return IN_USE;
                }
                err.println("audit verify: cannot open the store: " + withoutPasswords(e.getMessage()));
                err.flush();
                return 1;
            }
            try (store) {
                OptionalLong bad = store.verifyAuditChain();
                long rows = store.auditRowCount();
                if (bad.isPresent()) {
                    out.println("FAILED: the audit chain is broken at seq " + bad.getAsLong() + " (" + rows + " rows)");
                    out.flush();
                    return 1;
                }
                out.println("OK: audit chain intact, " + rows + " rows (" + store.description() + ")");
                out.flush();
                return 0;
            } catch (RuntimeException e) {
                err.println("audit verify: " + withoutPasswords(e.getMessage()));
                err.flush();
                return 1;
            }
        }

        private static boolean inUse(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof io.nija.store.StoreInUseException) {
                    return true;
                }
            }
            return false;
        }

        /** Driver and pool messages may quote the JDBC URL, whose query string can hold a password. */
        static String withoutPasswords(String message) {
            return message == null ? null : message.replaceAll("(?i)(password=)[^&\\s]*", "$1***");
        }
    }
}
