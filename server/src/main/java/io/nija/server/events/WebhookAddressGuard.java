package io.nija.server.events;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Keeps users' webhooks off the router's own network (server-side request forgery): a webhook host must resolve only
 * to public unicast addresses. Refused are loopback (127/8, ::1), private (10/8, 172.16/12, 192.168/16, fc00::/7 and
 * the deprecated site-local fec0::/10), link-local (169.254/16, which holds the cloud metadata service, and fe80::/10),
 * unspecified ("this network" 0/8, ::), multicast (224/4, ff00::/8), shared/CGNAT (100.64/10) and the reserved 240/4
 * (with broadcast). IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address. Every address a name resolves to must pass: a name
 * with one public and one private address is refused.
 *
 * <p>The check runs when a user registers a webhook and again before every delivery attempt (DNS may have changed).
 * Name and address literals go through the same resolver as the HTTP client ({@link InetAddress}), so odd notations
 * ({@code 127.1}, {@code 2130706433}) are judged as what they connect to. With {@code allowPrivate} (serve option
 * {@code --allow-private-webhooks}, env {@code NIJA_ALLOW_PRIVATE_WEBHOOKS=true}) nothing is checked: for local
 * development and tests whose receivers listen on loopback.
 *
 * <p>Residual risk: the HTTP client resolves the name again when it connects. Both lookups go through the JVM's
 * address cache (30 s for successful lookups by default), so they agree unless the cache entry expires in between;
 * a receiver behind DNS rebinding with a zero TTL could still win that race. Redirects are never followed.
 */
public final class WebhookAddressGuard {
    /** Resolves a host name to all its addresses (tests substitute their own DNS). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why a URL is refused: {@code code} is the API error code, {@code message} says why (no path, no secret). */
    public record Refusal(String code, String message) {
    }

    public static final String NOT_ALLOWED = "webhook_address_not_allowed";
    public static final String UNRESOLVABLE = "webhook_host_unresolvable";

    private final boolean allowPrivate;
    private final Resolver resolver;

    public WebhookAddressGuard(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /** With the system's resolver. */
    public static WebhookAddressGuard of(boolean allowPrivate) {
        return new WebhookAddressGuard(allowPrivate, InetAddress::getAllByName);
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Empty when the URL's host may be called; else why not. */
    public Optional<Refusal> check(URI url) {
        if (allowPrivate) {
            return Optional.empty();
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of(new Refusal(NOT_ALLOWED, "the webhook URL has no host"));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.of(new Refusal(UNRESOLVABLE, "the webhook URL's host could not be resolved"));
        }
        if (addresses == null || addresses.length == 0) {
            return Optional.of(new Refusal(UNRESOLVABLE, "the webhook URL's host could not be resolved"));
        }
        for (InetAddress a : addresses) {
            String kind = classify(a);
            if (kind != null) {
                return Optional.of(new Refusal(NOT_ALLOWED, "the webhook URL's host resolves to a " + kind
                        + " address (" + a.getHostAddress() + "); webhooks must reach a public address (for local development,"
                        + " start the router with --allow-private-webhooks)"));
            }
        }
        return Optional.empty();
    }

    /** Null for a public unicast address; else what kind of address it is (loopback, private, ...). */
    public static String classify(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return classify4(b);
        }
        if (a instanceof Inet6Address) {
            return classify6(b);
        }
        return "unknown";
    }

    private static String classify4(byte[] b) {
        int o0 = b[0] & 0xff;
        int o1 = b[1] & 0xff;
        if (o0 == 0) {
            return "unspecified";
        }
        if (o0 == 127) {
            return "loopback";
        }
        if (o0 == 10 || (o0 == 172 && (o1 & 0xf0) == 16) || (o0 == 192 && o1 == 168)) {
            return "private";
        }
        if (o0 == 169 && o1 == 254) {
            return "link-local";
        }
        if (o0 == 100 && (o1 & 0xc0) == 64) {
            return "shared (CGNAT)";
        }
        if ((o0 & 0xf0) == 224) {
            return "multicast";
        }
        if ((o0 & 0xf0) == 240) {
            return "reserved";
        }
        return null;
    }

    private static String classify6(byte[] b) {
        boolean zero80 = isZero(b, 0, 10);
        if (zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return classify4(Arrays.copyOfRange(b, 12, 16)); // ::ffff:a.b.c.d
        }
        if (zero80 && b[10] == 0 && b[11] == 0) {
            if (isZero(b, 12, 16)) {
                return "unspecified";
            }
            if (isZero(b, 12, 15) && b[15] == 1) {
                return "loopback";
            }
            return classify4(Arrays.copyOfRange(b, 12, 16)); // deprecated ::a.b.c.d
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        if (w0 == 0x0064 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && isZero(b, 4, 12)) {
            return classify4(Arrays.copyOfRange(b, 12, 16)); // NAT64 64:ff9b::a.b.c.d
        }
        if (w0 == 0x2002) {
            String v4 = classify4(Arrays.copyOfRange(b, 2, 6)); // 6to4
            if (v4 != null) {
                return v4;
            }
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "private (unique local)";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "link-local";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "private (site-local)";
        }
        if ((b[0] & 0xff) == 0xff) {
            return "multicast";
        }
        return null;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
