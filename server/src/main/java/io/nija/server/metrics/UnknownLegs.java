package io.nija.server.metrics;

import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The legs whose fate at a venue is being resolved right now (status unknown: sent, answer lost), kept from the
 * order updates the lanes publish, so a gauge can count them per venue without reading any lane's state. Only
 * unknown legs are held, so the map stays as small as the problem it measures.
 */
final class UnknownLegs {
    private final ConcurrentHashMap<String, String> venueByLeg = new ConcurrentHashMap<>();

    /**
     * Records which of the order's legs are unknown now and forgets those that no longer are; tells
     * {@code onEntered} the venue of each leg that has just become unknown.
     */
    void update(Order order, java.util.function.Consumer<String> onEntered) {
        for (OrderLeg leg : order.legs()) {
            if (leg.status() == OrderStatus.UNKNOWN) {
                if (venueByLeg.put(leg.legId(), leg.venue()) == null) {
                    onEntered.accept(leg.venue());
                }
            } else {
                venueByLeg.remove(leg.legId());
            }
        }
    }

    /** Legs currently unknown at {@code venue}. */
    long count(String venue) {
        long n = 0;
        for (String v : venueByLeg.values()) {
            if (v.equals(venue)) {
                n++;
            }
        }
        return n;
    }
}
