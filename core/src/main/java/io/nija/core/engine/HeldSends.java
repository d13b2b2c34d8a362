package io.nija.core.engine;

import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One user's sends that a venue's rate limit kept back, per venue, to be let out together in priority order.
 *
 * <p>Why not a timer per leg: a leg refused first would then leave first when the limit lifts, so an entry refused a
 * moment before the same user's stop loss went out ahead of it (the swarm found this during a rate-limit storm).
 * Held sends leave best priority first (a stop loss before exits, exits before entries), and while a better one waits
 * at a venue a worse one joins it instead of leaving. Only the user's lane touches this.
 */
final class HeldSends {
    record Held(Order order, OrderLeg leg) {
    }

    private final Map<String, List<Held>> byVenue = new HashMap<>();
    /** Venues with a timed release on its way (the venue's wait has not passed yet). */
    private final Set<String> timedRelease = new HashSet<>();

    /** Holds a send; true when the venue has no timed release yet, so the caller must schedule one. */
    boolean holdUntilReleased(Order order, OrderLeg leg) {
        add(order, leg);
        return timedRelease.add(leg.venue());
    }

    /** Holds a send behind better ones already held there (whose release is on its way). */
    void holdBehind(Order order, OrderLeg leg) {
        add(order, leg);
    }

    private void add(Order order, OrderLeg leg) {
        List<Held> held = byVenue.computeIfAbsent(leg.venue(), v -> new ArrayList<>());
        if (held.stream().noneMatch(h -> h.leg().legId().equals(leg.legId()))) {
            held.add(new Held(order, leg));
        }
    }

    /** Whether a send that goes before one of {@code priority} (lower number) waits at the venue. */
    boolean holdsAhead(String venue, int priority) {
        List<Held> held = byVenue.get(venue);
        return held != null && held.stream().anyMatch(h -> h.order().priority() < priority);
    }

    /** Whether this leg's send is held at its venue. */
    boolean holds(OrderLeg leg) {
        List<Held> held = byVenue.get(leg.venue());
        return held != null && held.stream().anyMatch(h -> h.leg().legId().equals(leg.legId()));
    }

    /** The best (lowest) priority held at the venue; only called when something is held there. */
    int bestPriority(String venue) {
        return byVenue.get(venue).stream().mapToInt(h -> h.order().priority()).min().orElseThrow();
    }

    /** The timed release has come: from now on a new refusal schedules a new one. */
    void timedReleaseDue(String venue) {
        timedRelease.remove(venue);
    }

    boolean timedReleasePending(String venue) {
        return timedRelease.contains(venue);
    }

    /**
     * Takes the held sends of the best priority at the venue (oldest first); the rest stay held, to leave once these
     * have had their answer.
     */
    List<Held> takeBest(String venue) {
        List<Held> held = byVenue.get(venue);
        if (held == null || held.isEmpty()) {
            byVenue.remove(venue);
            return List.of();
        }
        int best = held.stream().mapToInt(h -> h.order().priority()).min().orElseThrow();
        List<Held> out = new ArrayList<>();
        held.removeIf(h -> {
            if (h.order().priority() == best) {
                out.add(h);
                return true;
            }
            return false;
        });
        if (held.isEmpty()) {
            byVenue.remove(venue);
        }
        out.sort(Comparator.comparing(h -> h.order().createdAt()));
        return out;
    }

    boolean isEmpty(String venue) {
        List<Held> held = byVenue.get(venue);
        return held == null || held.isEmpty();
    }
}
