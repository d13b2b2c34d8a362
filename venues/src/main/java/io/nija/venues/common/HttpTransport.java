package io.nija.venues.common;

import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * One adapter's HTTP connection to one exchange: a single {@link HttpClient} (so connections are pooled and reused),
 * a timeout on every request, and blocking sends (callers run on virtual threads).
 *
 * <p>Transport failures are mapped here: if the request never left (refused connection, connect timeout) the venue
 * was unavailable; if it may have left (read timeout, reset) a mutating call has an UNKNOWN outcome, because the
 * exchange may have acted on it, and a read is merely unavailable.
 */
public final class HttpTransport {
    private static final String USER_AGENT = "nija-router/0.1";

    private final String venue;
    private final URI baseUrl;
    private final String basePath;
    private final HttpClient client;
    private final HttpTimeouts timeouts;

    public HttpTransport(String venue, URI baseUrl, HttpTimeouts timeouts) {
        this(venue, baseUrl, timeouts, newClient(baseUrl, timeouts));
    }

    /** A second base URL of the same adapter (Alpaca's market-data host) shares the adapter's one client. */
    public HttpTransport(String venue, URI baseUrl, HttpTimeouts timeouts, HttpClient client) {
        this.venue = venue;
        this.baseUrl = baseUrl;
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.timeouts = timeouts;
        this.client = client;
    }

    public static HttpClient newClient(URI baseUrl, HttpTimeouts timeouts) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER);
        // Plain-HTTP endpoints are the simulator or a test stub: talk HTTP/1.1 to them rather than attempt an h2c upgrade.
        if ("http".equalsIgnoreCase(baseUrl.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        return builder.build();
    }

    public HttpClient client() {
        return client;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Host as it appears in the URL authority, with the port only when one is given (Coinbase signs it). */
    public String hostForSigning() {
        return baseUrl.getPort() == -1 ? baseUrl.getHost() : baseUrl.getHost() + ":" + baseUrl.getPort();
    }

    /** The path the server will see for {@code path}: the base URL's own path prefix plus the exchange path. */
    public String wirePath(String path) {
        return basePath + path;
    }

    public HttpReply send(ApiCall call) {
        HttpRequest.Builder req = HttpRequest.newBuilder(resolve(call.pathAndQuery()))
                .timeout(timeouts.request())
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json");
        call.headers().forEach(req::header);
        HttpRequest.BodyPublisher publisher = call.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body());
        req.method(call.method(), publisher);
        try {
            HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpReply(resp.statusCode(), resp.headers(), resp.body());
        } catch (HttpConnectTimeoutException | ConnectException | UnresolvedAddressException e) {
            throw new VenueException(VenueErrorKind.VENUE_UNAVAILABLE,
                    venue + " unreachable: " + e.getClass().getSimpleName(), null, e);
        } catch (HttpTimeoutException e) {
            throw lost(call, "timed out after " + timeouts.request().toMillis() + " ms", e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw new VenueException(VenueErrorKind.VENUE_UNAVAILABLE, venue + " unreachable", null, e);
            }
            throw lost(call, "connection failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw lost(call, "interrupted", e);
        }
    }

    private VenueException lost(ApiCall call, String what, Exception cause) {
        VenueErrorKind kind = call.mutating() ? VenueErrorKind.UNKNOWN : VenueErrorKind.VENUE_UNAVAILABLE;
        String outcome = call.mutating() ? "; outcome unknown, query before re-sending" : "";
        return new VenueException(kind, venue + " " + call.method() + " " + pathOnly(call.pathAndQuery()) + " " + what
                + outcome, null, cause);
    }

    private URI resolve(String pathAndQuery) {
        String s = baseUrl.toString();
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s + pathAndQuery);
    }

    /** Query strings carry signatures and account data; error messages show only the path. */
    static String pathOnly(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }
}
