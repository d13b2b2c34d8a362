package io.nija.server.cli;

import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

/**
 * Why the HTTP listener could not take its address, in one line an operator can act on, instead of the listener
 * library's stack trace: the port is taken, the host is not an address of this machine, or its name does not resolve.
 * Anything else is not a listen failure and is left to propagate.
 */
final class ListenFailure {
    private ListenFailure() {
    }

    /** The one-line reason when {@code failure} (or a cause of it) is a failure to listen on host:port. */
    static Optional<String> describe(Throwable failure, String host, int port) {
        String where = "cannot listen on " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + ": ";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return Optional.of(where + "'" + host + "' does not resolve to an address (check --host)");
            }
            if (t instanceof BindException bind) {
                String m = bind.getMessage() == null ? "" : bind.getMessage();
                if (m.contains("in use")) {
                    return Optional.of(where + "the port is in use by another process (choose another --port, or stop"
                            + " that process)");
                }
                if (m.contains("assign requested address")) {
                    return Optional.of(where + "'" + host + "' is not an address of this machine (check --host)");
                }
                return Optional.of(where + m);
            }
        }
        return Optional.empty();
    }
}
