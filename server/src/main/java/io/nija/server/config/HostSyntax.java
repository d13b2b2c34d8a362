package io.nija.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a listen address is written right, checked with the other settings at start and without asking DNS: an
 * IPv4 literal (four numbers 0-255), an IPv6 literal, or a host name of letters, digits and hyphens in dot-separated
 * labels. Whether a well-written name resolves, or is an address of this machine, is found out when the listener binds.
 */
final class HostSyntax {
    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private HostSyntax() {
    }

    /** Why {@code host} is not a listen address, or empty when it is well written. */
    static Optional<String> problem(String host) {
        if (host.contains(":")) {
            try {
                // A literal with ':' is parsed as IPv6 only; InetAddress never looks it up.
                InetAddress.getByName(host.startsWith("[") ? host : "[" + host + "]");
                return Optional.empty();
            } catch (UnknownHostException e) {
                return Optional.of("is not an IPv6 address");
            }
        }
        if (NUMERIC.matcher(host).matches()) {
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                return Optional.of("is not an IPv4 address (four numbers 0-255, e.g. 127.0.0.1)");
            }
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                    return Optional.of("is not an IPv4 address (four numbers 0-255, e.g. 127.0.0.1)");
                }
            }
            return Optional.empty();
        }
        if (host.length() > 253) {
            return Optional.of("is not a host name (longer than 253 characters)");
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("is not an address or host name (letters, digits and '-' between dots, e.g."
                        + " 0.0.0.0, 127.0.0.1 or localhost)");
            }
        }
        return Optional.empty();
    }
}
