package io.nija.core.position;

import io.nija.core.instrument.Pair;
import io.nija.core.store.UserFill;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * PnL per UTC day, derived from the stored fills alone by replaying them, in the order they happened, into
 * {@link Position}s by the same average-cost rules the engine uses live. Deriving rather than keeping running
 * totals means the answer survives restarts and can never drift from the fills.
 *
 * <p>Past days are marked at the last fill price on each venue and pair up to that day's end: the router keeps no
 * history of books, and that is the last price it actually saw trade. Today is marked at the venue's current mid.
 * A fee in a third asset (BNB) counts zero here: its price on that day is not known.
 */
public final class PnlReplay {
    private PnlReplay() {
    }

    /**
     * @param fills    the user's fills, oldest first
     * @param from     first day reported (inclusive)
     * @param to       last day reported (inclusive)
     * @param today    the current UTC day: marked with {@code mark} instead of the last fill price
     * @param mark     current mid of (venue, pair), or null when unknown (then the last fill price is used)
     */
    public static List<DailyPnl> byDay(List<UserFill> fills, LocalDate from, LocalDate to, LocalDate today,
                                       BiFunction<String, Pair, BigDecimal> mark) {
        Map<String, Position> positions = new LinkedHashMap<>();
        Map<String, BigDecimal> lastPrice = new HashMap<>();
        BigDecimal cumulativeRealized = BigDecimal.ZERO;
        List<DailyPnl> out = new ArrayList<>();
        Iterator<UserFill> it = fills.iterator();
        UserFill next = it.hasNext() ? it.next() : null;
        // Fills before the window still build the positions and the equity it starts from.
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            BigDecimal dayRealized = BigDecimal.ZERO;
            BigDecimal dayFees = BigDecimal.ZERO;
            while (next != null && !dayOf(next).isAfter(day)) {
                UserFill f = next;
                Position p = positions.computeIfAbsent(key(f), k -> new Position("replay",
                        f.instrument().venue(), f.instrument().pair()));
                FeeCharge fee = FeeCharge.of(next.fill(), next.instrument(), (a, q) -> null);
                BigDecimal before = p.realizedPnl();
                p.apply(next.side(), fee.positionQuantity(next.side(), next.fill().quantity()), next.fill().price(),
                        fee.quoteValue());
                BigDecimal realized = p.realizedPnl().subtract(before);
                cumulativeRealized = cumulativeRealized.add(realized);
                if (dayOf(next).equals(day)) {
                    dayRealized = dayRealized.add(realized);
                    dayFees = dayFees.add(fee.quoteValue());
                }
                lastPrice.put(key(next), next.fill().price());
                next = it.hasNext() ? it.next() : null;
            }
            boolean isToday = day.equals(today);
            BigDecimal unrealized = BigDecimal.ZERO;
            for (Map.Entry<String, Position> e : positions.entrySet()) {
                Position p = e.getValue();
                BigDecimal m = isToday ? mark.apply(p.venue(), p.pair()) : null;
                unrealized = unrealized.add(p.unrealizedPnl(m != null ? m : lastPrice.get(e.getKey())));
            }
            out.add(new DailyPnl(day, dayRealized, dayFees, unrealized, cumulativeRealized.add(unrealized),
                    isToday ? "current_mid" : "last_fill"));
        }
        return out;
    }

    private static LocalDate dayOf(UserFill f) {
        return LocalDate.ofInstant(f.fill().time(), ZoneOffset.UTC);
    }

    private static String key(UserFill f) {
        return f.instrument().venue() + '\u0000' + f.instrument().pair();
    }
}
