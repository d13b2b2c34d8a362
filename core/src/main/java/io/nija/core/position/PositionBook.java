package io.nija.core.position;

import io.nija.core.instrument.Pair;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One user's positions, keyed by venue and pair. Lives in the user's lane, so it is not thread-safe. */
public final class PositionBook {
    private record Key(String venue, Pair pair) { }

    private final String userId;
    private final Map<Key, Position> positions = new HashMap<>();

    public PositionBook(String userId) {
        this.userId = userId;
    }

    public Position get(String venue, Pair pair) {
        return positions.computeIfAbsent(new Key(venue, pair), k -> new Position(userId, venue, pair));
    }

    public void put(Position p) {
        positions.put(new Key(p.venue(), p.pair()), p);
    }

    public Collection<Position> all() {
        return List.copyOf(positions.values());
    }

    /** Exposure to a pair over every venue, valued at each venue's average cost. */
    public BigDecimal exposureUsd(Pair pair) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Position p : positions.values()) {
            if (p.pair().equals(pair)) {
                sum = sum.add(p.exposureUsd(null));
            }
        }
        return sum;
    }

    public long openPositionCount() {
        return positions.values().stream().filter(p -> p.quantity().signum() != 0).map(Position::pair).distinct().count();
    }

    public BigDecimal realizedPnl() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Position p : new ArrayList<>(positions.values())) {
            sum = sum.add(p.realizedPnl());
        }
        return sum;
    }

    public String userId() {
        return userId;
    }
}
