package io.nija.core.routing;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.SignalRejectedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * Where an exit sells (or buys back). A spot position lives on the venue that bought it: selling it anywhere else
 * would open a short there while the coins sit elsewhere. So an exit goes to the venues that hold the position, the
 * largest holding first, and takes from each at most what it holds there; what one venue lacks is taken from the
 * next. Exits go at market: leaving a position open while a limit rests is the risk being closed.
 */
public final class ExitPlanner {
    /** What may be closed on one venue: {@code available} is a positive quantity, net of exits already working. */
    public record Holding(Instrument instrument, BigDecimal available) { }

    public record Plan(List<PlannedLeg> legs, BigDecimal quantity, String reason) { }

    private ExitPlanner() {
    }

    /**
     * @param wanted the quantity to close, or null to close everything held ({@code close_all})
     * @param price  a price to check each leg against the venue's minimum notional; null skips that check
     * @throws SignalRejectedException no_position when nothing can be closed on any venue
     */
    public static Plan plan(BigDecimal wanted, List<Holding> holdings, BigDecimal price) {
        List<Holding> byLargest = new ArrayList<>(holdings);
        byLargest.removeIf(h -> h.available().signum() <= 0);
        byLargest.sort(Comparator.comparing(Holding::available).reversed()
                .thenComparing(h -> h.instrument().venue()));
        BigDecimal held = byLargest.stream().map(Holding::available).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal left = wanted == null ? held : wanted.min(held);
        List<PlannedLeg> legs = new ArrayList<>();
        StringJoiner reason = new StringJoiner("; ", "reduce-only: ", "");
        BigDecimal total = BigDecimal.ZERO;
        for (Holding h : byLargest) {
            if (left.signum() <= 0) {
                break;
            }
            Instrument i = h.instrument();
            BigDecimal q = Decimals.floorToStep(left.min(h.available()), i.lotSize());
            if (q.signum() <= 0 || q.compareTo(i.minQty()) < 0
                    || price != null && q.multiply(price).compareTo(i.minNotional()) < 0) {
                reason.add(i.venue() + " holds " + Decimals.plain(h.available()) + ", below its minimum order");
                continue;
            }
            legs.add(new PlannedLeg(i, OrderType.MARKET, q, null, Duration.ZERO));
            reason.add(i.venue() + " " + Decimals.plain(q) + " of " + Decimals.plain(h.available()) + " held");
            left = left.subtract(q);
            total = total.add(q);
        }
        if (legs.isEmpty()) {
            throw new SignalRejectedException("no_position", held.signum() == 0
                    ? "no open position left to close on any venue (other exits may be closing it)"
                    : "the position (" + Decimals.plain(held) + ") is below every holding venue's minimum order");
        }
        return new Plan(legs, total, reason.toString());
    }

    /**
     * The one leg of a venue-native stop or take profit: a limit at {@code limitPrice} (rounded to the venue's tick on
     * the side that still fills: down for a sell, up for a buy) for at most what the largest holding can give, on that
     * venue alone. A venue's trigger order protects the coins of that venue only, so it is not spread over several.
     *
     * @param holdings only venues that place this kind of native order
     * @throws SignalRejectedException no_position when no such venue holds enough for one order
     */
    public static Plan planNative(BigDecimal wanted, List<Holding> holdings, io.nija.core.signal.Side side,
                                  BigDecimal limitPrice, io.nija.core.venue.NativeTrigger trigger) {
        Holding best = null;
        for (Holding h : holdings) {
            if (h.available().signum() > 0 && (best == null || h.available().compareTo(best.available()) > 0)) {
                best = h;
            }
        }
        if (best == null) {
            throw new SignalRejectedException("no_position", "no venue that places native "
                    + trigger.kind().name().toLowerCase(java.util.Locale.ROOT) + " orders holds the position");
        }
        Instrument i = best.instrument();
        BigDecimal q = Decimals.floorToStep(wanted == null ? best.available() : wanted.min(best.available()), i.lotSize());
        BigDecimal price = side == io.nija.core.signal.Side.SELL ? Decimals.floorToStep(limitPrice, i.tickSize())
                : Decimals.ceilToStep(limitPrice, i.tickSize());
        if (q.signum() <= 0 || q.compareTo(i.minQty()) < 0 || q.multiply(price).compareTo(i.minNotional()) < 0) {
            throw new SignalRejectedException("no_position", i.venue() + " holds " + Decimals.plain(best.available())
                    + ", below its minimum order");
        }
        return new Plan(List.of(new PlannedLeg(i, OrderType.LIMIT, q, price, Duration.ZERO)), q,
                "reduce-only native " + trigger.kind().name().toLowerCase(java.util.Locale.ROOT) + " at "
                        + i.venue() + ": trigger " + Decimals.plain(trigger.price()) + ", limit " + Decimals.plain(price)
                        + ", " + Decimals.plain(q) + " of " + Decimals.plain(best.available()) + " held");
    }
}
