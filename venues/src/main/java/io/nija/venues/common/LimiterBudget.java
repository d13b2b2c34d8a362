package io.nija.venues.common;

import io.nija.core.venue.CallKind;
import io.nija.core.venue.RequestBudget;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * An adapter's {@link RequestBudget}: its exchange-accurate {@link RateLimiter} rules, priced per call kind by the
 * adapter ({@link Pricing}: the charges the adapter's own method for that kind takes for its first call). A granted
 * permit holds those units; {@link #spend} runs the adapter's method with them bound, so the method's matching charge
 * draws on the permit instead of the buckets, and anything further it sends (a second page, a trades read) is charged
 * as usual. Back-offs the exchange asks for are recorded by the adapter in the same limiter, where {@link #reserve}
 * finds them.
 */
public final class LimiterBudget implements RequestBudget {
    /** The charges one call of a kind costs, exactly as the adapter's method for it charges them. */
    @FunctionalInterface
    public interface Pricing {
        List<Charge> charges(VenueAccount account, CallKind kind, VenueOrderRequest order);
    }

    private final RateLimiter limiter;
    private final Pricing pricing;
    private final LongSupplier sharedHeadroom;

    public LimiterBudget(RateLimiter limiter, Pricing pricing, LongSupplier sharedHeadroom) {
        this.limiter = limiter;
        this.pricing = pricing;
        this.sharedHeadroom = sharedHeadroom;
    }

    /** The adapter's limiter (to share its per-IP limits between instances). */
    public RateLimiter limiter() {
        return limiter;
    }

    @Override
    public Permit reserve(VenueAccount account, CallKind kind, VenueOrderRequest order) {
        RateLimiter.Reserved r = limiter.reserve(pricing.charges(account, kind, order));
        return r.granted() ? Permit.granted(r.reservation()) : Permit.refused(r.delay(), r.sharedLimit());
    }

    @Override
    public void refund(Permit permit) {
        if (permit.reservation() instanceof RateLimiter.Reservation r) {
            limiter.refund(r);
        }
    }

    @Override
    public <T> T spend(Permit permit, Supplier<T> call) {
        if (permit.reservation() instanceof RateLimiter.Reservation r) {
            return limiter.spend(r, call);
        }
        return call.get();
    }

    @Override
    public long sharedHeadroom() {
        return sharedHeadroom.getAsLong();
    }
}
