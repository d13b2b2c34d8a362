package io.nija.sim.http;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Dropping a connection without an answer, as a network fault or an exchange that timed out would: the client
 * sees the connection close (java.net.http: an IOException) instead of an HTTP response.
 */
public final class Connections {
    private Connections() {
    }

    /**
     * Aborts the request's connection; nothing is written. The handler that calls this must return without writing
     * (later handlers are skipped).
     */
    public static void drop(Context ctx) {
        ctx.skipRemainingHandlers();
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            throw new IllegalStateException("not a Jetty ee10 request; cannot drop the connection");
        }
        // Closing the endpoint means not a byte of any response leaves; what Javalin writes afterwards goes nowhere.
        request.getServletChannel().getConnection().getEndPoint().close();
    }
}
