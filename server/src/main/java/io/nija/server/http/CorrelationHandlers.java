package io.nija.server.http;

import io.javalin.http.Context;
import io.nija.server.logging.Correlation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Before every request: the correlation id from {@code X-Correlation-Id} (or a new one) goes into the MDC and back in
 * the response's header. After it: one access log line (INFO for changes and errors, DEBUG for successful reads) with
 * the route's pattern, never the path itself (paths carry caller input), and the MDC is cleared.
 */
final class CorrelationHandlers {
    private static final Logger LOG = LoggerFactory.getLogger("io.nija.server.http.Access");
    private static final String STARTED = "nija.started";

    private CorrelationHandlers() {
    }

    static void before(Context ctx) {
        String id = Correlation.fromHeader(ctx.header(Correlation.HEADER));
        MDC.put(Correlation.MDC_KEY, id);
        ctx.header(Correlation.HEADER, id);
        ctx.attribute(STARTED, System.nanoTime());
    }

    static void after(Context ctx) {
        try {
            Long started = ctx.attribute(STARTED);
            int status = ctx.statusCode();
            boolean quiet = ctx.method().name().equals("GET") && status < 400;
            if (quiet ? LOG.isDebugEnabled() : LOG.isInfoEnabled()) {
                String route = route(ctx);
                long micros = started == null ? 0 : (System.nanoTime() - started) / 1000;
                if (quiet) {
                    LOG.debug("{} {} -> {} in {} ms", ctx.method().name(), route, status, micros / 1000.0);
                } else {
                    LOG.info("{} {} -> {} in {} ms", ctx.method().name(), route, status, micros / 1000.0);
                }
            }
        } finally {
            MDC.clear();
        }
    }

    private static String route(Context ctx) {
        try {
            io.javalin.router.Endpoint e = ctx.endpoints().lastHttpEndpoint();
            return e == null ? "(no route)" : e.path;
        } catch (RuntimeException e) {
            return "(no route)";
        }
    }
}
