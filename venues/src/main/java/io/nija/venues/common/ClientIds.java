package io.nija.venues.common;

import java.util.regex.Pattern;

/** Checks a client order id against an exchange's documented format before anything is sent. */
public final class ClientIds {
    private ClientIds() {
    }

    /**
     * A malformed id is a programming error upstream (core's ClientOrderIds makes conforming ids), so it is an
     * IllegalArgumentException rather than a venue error: nothing was sent and nothing should be retried.
     */
    public static String require(String clientOrderId, Pattern format, String venue) {
        if (clientOrderId == null || !format.matcher(clientOrderId).matches()) {
            throw new IllegalArgumentException(venue + " client order id '" + clientOrderId
                    + "' does not match " + format.pattern());
        }
        return clientOrderId;
    }
}
