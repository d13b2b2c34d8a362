package io.nija.core.venue;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A venue's request budget, the one authority on whether a call may be sent now. The executor asks it before it
 * takes a task off its queue ({@link #reserve}); a refused task is put back for the delay and holds nothing meanwhile.
 * A granted permit has already taken the call's cost from the budget, and {@link #spend} runs the call against it so the
 * adapter does not charge a second time; what the call did not use, or a permit never spent ({@link #refund}), goes
 * back.
 *
 * <p>An exchange's "back off" answer (HTTP 429/418, its own rate-limit code) is recorded in the same budget, so the
 * next {@code reserve} answers with the remaining wait: there is no second pause list anywhere.
 *
 * <p>Calls made outside the executor (a credential check, a balance read) are not reserved: the adapter charges them
 * itself, against the same buckets.
 */
public interface RequestBudget {
    /**
     * Takes the cost of one call of {@code kind} for {@code account} (and {@code order}, whose pair or age some
     * exchanges price by), all or nothing. Never blocks.
     */
    Permit reserve(VenueAccount account, CallKind kind, VenueOrderRequest order);

    /** Gives back a granted permit's cost: the call was not made. Refunding a refused permit does nothing. */
    void refund(Permit permit);

    /**
     * Runs {@code call} (one adapter method) with the permit's reserved cost as its payment: the adapter's charges that
     * the permit covers are not taken again; charges beyond it (a second page, a follow-up read) are charged as usual.
     * Whatever the permit still holds afterwards goes back to the budget.
     */
    <T> T spend(Permit permit, Supplier<T> call);

    /**
     * The venue answered a call of this account with a rate limit. Budgets whose adapter already recorded the answer
     * against the exact limits it hit ignore this; the executor's generic budget pauses the key.
     */
    default void rateLimited(VenueAccount account, Duration retryAfter) {
    }

    /** Units left in the limit every user of this router shares (for the headroom metric). */
    long sharedHeadroom();

    /**
     * The budget's answer: granted (the cost is taken; {@code reservation} is what the budget needs to spend or refund
     * it, opaque to the caller), or refused with the time until the call fits. {@code sharedLimit} says whose limit
     * refused it: true for one counted per IP or for the whole venue (every user waits), false for this key's own
     * (only this key waits).
     */
    record Permit(Duration delay, boolean sharedLimit, Object reservation) {
        public Permit {
            Objects.requireNonNull(delay, "delay");
        }

        public static Permit granted(Object reservation) {
            return new Permit(Duration.ZERO, false, reservation);
        }

        public static Permit refused(Duration delay, boolean sharedLimit) {
            // A refusal always waits a little: a zero delay would read as granted and spin the queue.
            return new Permit(delay.isNegative() || delay.isZero() ? Duration.ofNanos(1) : delay, sharedLimit, null);
        }

        public boolean granted() {
            return delay.isZero();
        }
    }
}
