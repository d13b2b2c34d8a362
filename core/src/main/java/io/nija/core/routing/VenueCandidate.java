package io.nija.core.routing;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.venue.FeeSchedule;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Everything the router knows about one venue at the moment of a decision. Built by the engine from the
 * venue's instruments, book and account fees, the executor's breaker and queue, and measured stats.
 *
 * @param instrument null when the venue does not list the pair
 * @param book       null when no book could be read
 * @param fees       null when the account's fees could not be read
 * @param hasAccount false when the user has no keys (or paper account) on the venue
 * @param reserved   quantity the router's own unfilled orders will take from this book on the signal's side
 *                   (from the {@link ReservationLedger}); the book is read net of it
 * @param budgetWait how long until the venue's request budget lets this user's key send again (zero: now)
 * @param spendable  what the user can spend there for this order, net of their own orders working there: the quote
 *                   asset for a buy, the base asset for a sell; null when not known (not read, or unreadable)
 */
public record VenueCandidate(String venue, Instrument instrument, OrderBook book, FeeSchedule fees,
                             boolean breakerOpen, int queueDepth, StatsSnapshot venueStats, StatsSnapshot pairStats,
                             boolean hasAccount, BigDecimal reserved, Duration budgetWait, BigDecimal spendable) {
    public VenueCandidate {
        reserved = reserved == null ? BigDecimal.ZERO : reserved;
        budgetWait = budgetWait == null || budgetWait.isNegative() ? Duration.ZERO : budgetWait;
    }

    public VenueCandidate(String venue, Instrument instrument, OrderBook book, FeeSchedule fees, boolean breakerOpen,
                          int queueDepth, StatsSnapshot venueStats, StatsSnapshot pairStats, boolean hasAccount,
                          BigDecimal reserved) {
        this(venue, instrument, book, fees, breakerOpen, queueDepth, venueStats, pairStats, hasAccount, reserved,
                Duration.ZERO, null);
    }

    public VenueCandidate(String venue, Instrument instrument, OrderBook book, FeeSchedule fees, boolean breakerOpen,
                          int queueDepth, StatsSnapshot venueStats, StatsSnapshot pairStats, boolean hasAccount) {
        this(venue, instrument, book, fees, breakerOpen, queueDepth, venueStats, pairStats, hasAccount, BigDecimal.ZERO);
    }

    public VenueCandidate withReserved(BigDecimal quantity) {
        return new VenueCandidate(venue, instrument, book, fees, breakerOpen, queueDepth, venueStats, pairStats,
                hasAccount, quantity, budgetWait, spendable);
    }

    /** The venue as far as this user's request budget and balance there allow. */
    public VenueCandidate withCapacity(Duration wait, BigDecimal spendableThere) {
        return new VenueCandidate(venue, instrument, book, fees, breakerOpen, queueDepth, venueStats, pairStats,
                hasAccount, reserved, wait, spendableThere);
    }

    /** A venue the user has an account on. */
    public VenueCandidate(String venue, Instrument instrument, OrderBook book, FeeSchedule fees, boolean breakerOpen,
                          int queueDepth, StatsSnapshot venueStats, StatsSnapshot pairStats) {
        this(venue, instrument, book, fees, breakerOpen, queueDepth, venueStats, pairStats, true);
    }

    /** A venue that lists the pair but where the user has no keys: shown in the route reason, never chosen. */
    public static VenueCandidate withoutAccount(String venue, Instrument instrument, boolean breakerOpen, int queueDepth,
                                                StatsSnapshot venueStats, StatsSnapshot pairStats) {
        return new VenueCandidate(venue, instrument, null, null, breakerOpen, queueDepth, venueStats, pairStats, false);
    }
}
