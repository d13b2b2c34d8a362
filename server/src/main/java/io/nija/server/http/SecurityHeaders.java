package io.nija.server.http;

import io.javalin.http.Context;

/**
 * Response headers that keep browsers from doing more with our answers than we mean. Every answer: no MIME sniffing
 * and no Referer sent on. The dashboard's pages (everything outside the API) also get a Content-Security-Policy that
 * runs scripts and styles from this origin only (the page has no inline script or style: an injected {@code <script>}
 * or {@code onclick} in data shown by the page does not run) and may not be framed (clickjacking). API answers carry
 * tokens' data and must not be kept by a browser or proxy cache: {@code Cache-Control: no-store}.
 */
final class SecurityHeaders {
    /** data: for the page's empty favicon only; connect-src covers the page's fetch calls, including the event stream. */
    static final String DASHBOARD_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** API answers are JSON or text, never a page: nothing in them may load or run anything. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    static void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        if (isApi(ctx.path())) {
            ctx.header("Cache-Control", "no-store");
            ctx.header("Content-Security-Policy", API_POLICY);
        } else {
            ctx.header("Content-Security-Policy", DASHBOARD_POLICY);
        }
    }

    /** Everything but the dashboard's files: the API, the webhooks, health, readiness, metrics, the OpenAPI document. */
    static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith("/webhooks/") || path.equals("/health")
                || path.equals("/ready") || path.equals("/metrics") || path.equals("/openapi.json");
    }
}
