package io.nija.server.cli;

import io.nija.server.events.Notifications;
import org.slf4j.LoggerFactory;

/** Log levels for commands whose output is a table: per-order and per-request lines would drown it. */
final class CliLogging {
    private CliLogging() {
    }

    /** Order-event and access log lines at WARN, unless NIJA_LOG_LEVEL asks for DEBUG or TRACE. */
    static void quietPerOrderLines() {
        String level = io.nija.server.config.Environment.system().get("NIJA_LOG_LEVEL");
        if (level != null && (level.equalsIgnoreCase("DEBUG") || level.equalsIgnoreCase("TRACE"))) {
            return;
        }
        for (String name : new String[] {Notifications.EVENT_LOGGER, "io.nija.server.http.Access"}) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
                l.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }
}
