package io.nija.venues.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    final RateLimiter limiter = new RateLimiter(clock);
    final LimitRule perKey = LimitRule.window("orders", LimitScope.API_KEY, 2, Duration.ofSeconds(1));
    final LimitRule perIp = LimitRule.window("weight", LimitScope.IP, 3, Duration.ofMinutes(1));

    @Test
    void perKeyBucketsAreIsolatedBetweenUsers() {
        String alice = Hashing.fingerprint("alice-key");
        String bob = Hashing.fingerprint("bob-key");
        limiter.acquire("x", List.of(new Charge(perKey, alice, 2)));
        assertThatThrownBy(() -> limiter.acquire("x", List.of(new Charge(perKey, alice, 1))))
                .isInstanceOfSatisfying(VenueException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VenueErrorKind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
                });
        limiter.acquire("x", List.of(new Charge(perKey, bob, 2)));
        assertThat(limiter.available(perKey, bob)).isZero();
    }

    @Test
    void ipBucketIsSharedByEveryone() {
        limiter.acquire("x", List.of(new Charge(perIp, Charge.SHARED_IP, 3)));
        assertThatThrownBy(() -> limiter.acquire("x", List.of(new Charge(perIp, Charge.SHARED_IP, 1))))
                .isInstanceOf(VenueException.class);
    }

    @Test
    void aRefusedCallTakesNothingFromTheOtherBuckets() {
        String alice = Hashing.fingerprint("alice-key");
        limiter.acquire("x", List.of(new Charge(perKey, alice, 2)));
        assertThatThrownBy(() -> limiter.acquire("x", List.of(new Charge(perIp, Charge.SHARED_IP, 1),
                new Charge(perKey, alice, 1)))).isInstanceOf(VenueException.class);
        assertThat(limiter.available(perIp, Charge.SHARED_IP)).isEqualTo(3);
    }

    @Test
    void unitsReservedForCallsNotMadeGoBack() {
        limiter.acquire("x", List.of(new Charge(perIp, Charge.SHARED_IP, 3)));
        limiter.refund(List.of(new Charge(perIp, Charge.SHARED_IP, 2)));
        assertThat(limiter.available(perIp, Charge.SHARED_IP)).isEqualTo(2);
        // Never above the capacity.
        limiter.refund(List.of(new Charge(perIp, Charge.SHARED_IP, 5)));
        assertThat(limiter.available(perIp, Charge.SHARED_IP)).isEqualTo(3);
    }

    @Test
    void fixedWindowsRefillAtTheWindowBoundary() {
        limiter.acquire("x", List.of(new Charge(perIp, Charge.SHARED_IP, 3)));
        clock.advance(Duration.ofSeconds(59));
        assertThat(limiter.available(perIp, Charge.SHARED_IP)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.available(perIp, Charge.SHARED_IP)).isEqualTo(3);
    }

    @Test
    void decayingCounterRefillsContinuously() {
        LimitRule kraken = LimitRule.decaying("rest", LimitScope.API_KEY, 15, 0.33);
        limiter.acquire("x", List.of(new Charge(kraken, "k", 15)));
        clock.advance(Duration.ofSeconds(3));
        assertThat(limiter.available(kraken, "k")).isZero();
        clock.advance(Duration.ofMillis(100));
        assertThat(limiter.available(kraken, "k")).isEqualTo(1);
    }

    @Test
    void backOffRefusesUntilTheExchangesRetryAfter() {
        List<Charge> c = List.of(new Charge(perKey, "k", 1));
        limiter.backOff(c, Duration.ofSeconds(30));
        assertThatThrownBy(() -> limiter.acquire("x", c)).isInstanceOfSatisfying(VenueException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(30));
        limiter.acquire("x", c);
    }

    @Test
    void observedUsageSpendsTheDifference() {
        limiter.acquire("x", List.of(new Charge(perIp, Charge.SHARED_IP, 1)));
        limiter.observeUsed(perIp, Charge.SHARED_IP, 3);
        assertThat(limiter.available(perIp, Charge.SHARED_IP)).isZero();
        limiter.observeUsed(perIp, Charge.SHARED_IP, 1);
        assertThat(limiter.available(perIp, Charge.SHARED_IP)).isZero();
    }

    @Test
    void aZeroCostChargeIsGrantedWithoutTouchingItsBucket() {
        String alice = Hashing.fingerprint("alice-key");
        limiter.acquire("x", List.of(new Charge(perKey, alice, 0)));
        assertThat(limiter.available(perKey, alice)).isEqualTo(2);
        // Even on an empty bucket: the exchange does not count the call, so it cannot go over.
        limiter.acquire("x", List.of(new Charge(perKey, alice, 2)));
        limiter.acquire("x", List.of(new Charge(perKey, alice, 0)));
        assertThat(limiter.available(perKey, alice)).isZero();
    }

    @Test
    void aNegativeChargeIsFreeAndNeverAddsUnits() {
        String alice = Hashing.fingerprint("alice-key");
        limiter.acquire("x", List.of(new Charge(perKey, alice, -3)));
        limiter.refund(List.of(new Charge(perKey, alice, -3)));
        assertThat(limiter.available(perKey, alice)).isEqualTo(2);
    }

    // ---- reservations (the venue's RequestBudget) ----------------------------------------------------------

    @Test
    void aReservedCallIsNotChargedAgainAndWhatItDidNotUseGoesBack() {
        String alice = Hashing.fingerprint("alice-key");
        Charge order = new Charge(perKey, alice, 1);
        Charge weight = new Charge(perIp, Charge.SHARED_IP, 2);
        RateLimiter.Reserved r = limiter.reserve(List.of(order, weight));
        assertThat(r.granted()).isTrue();
        assertThat(limiter.available(perKey, alice)).isEqualTo(1);
        assertThat(limiter.available(perIp, Charge.SHARED_IP)).isEqualTo(1);

        limiter.spend(r.reservation(), () -> {
            // The call charges its order and one unit of weight: both come out of the reservation.
            limiter.acquire("x", List.of(order, new Charge(perIp, Charge.SHARED_IP, 1)));
            return null;
        });
        assertThat(limiter.available(perKey, alice)).isEqualTo(1);
        assertThat(limiter.available(perIp, Charge.SHARED_IP)).as("the unused unit of weight came back").isEqualTo(2);

        // Outside spend nothing is bound: calls charge themselves again.
        limiter.acquire("x", List.of(order));
        assertThat(limiter.available(perKey, alice)).isZero();
    }

    @Test
    void aReservationIsDrawnOnlyByTheThreadThatSpendsIt() throws Exception {
        String alice = Hashing.fingerprint("alice-key");
        Charge order = new Charge(perKey, alice, 1);
        RateLimiter.Reserved r = limiter.reserve(List.of(order));
        limiter.spend(r.reservation(), () -> {
            Thread other = Thread.ofVirtual().start(() -> limiter.acquire("x", List.of(order)));
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        // The other thread paid from the bucket; the reservation, unused, went back.
        assertThat(limiter.available(perKey, alice)).isEqualTo(1);
    }

    @Test
    void aRefusedReservationSaysHowLongAndWhetherTheLimitIsShared() {
        String alice = Hashing.fingerprint("alice-key");
        limiter.acquire("x", List.of(new Charge(perIp, Charge.SHARED_IP, 3)));
        RateLimiter.Reserved shared = limiter.reserve(List.of(new Charge(perKey, alice, 1),
                new Charge(perIp, Charge.SHARED_IP, 1)));
        assertThat(shared.granted()).isFalse();
        assertThat(shared.sharedLimit()).isTrue();
        assertThat(shared.delay()).isPositive();
        assertThat(limiter.available(perKey, alice)).as("nothing taken").isEqualTo(2);

        limiter.backOff(List.of(new Charge(perKey, alice, 1)), Duration.ofSeconds(5));
        RateLimiter.Reserved own = limiter.reserve(List.of(new Charge(perKey, alice, 1)));
        assertThat(own.granted()).isFalse();
        assertThat(own.sharedLimit()).isFalse();
        assertThat(own.delay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aBackOffIsToldToTheOtherInstancesAndTheirsHoldHere() {
        LimitRule ip = LimitRule.window("t-ip", LimitScope.IP, 100, Duration.ofMinutes(1));
        LimitRule key = LimitRule.window("t-key", LimitScope.API_KEY, 10, Duration.ofSeconds(1));
        java.util.Map<String, Instant> told = new java.util.LinkedHashMap<>();
        RateLimiter here = new RateLimiter(clock);
        here.shareHolds(told::put);
        here.backOff(List.of(new Charge(ip, Charge.SHARED_IP, 1), new Charge(key, "k1", 1)), Duration.ofSeconds(30));
        assertThat(told).containsOnly(java.util.Map.entry("t-ip|ip", clock.now().plusSeconds(30)),
                java.util.Map.entry("t-key|k1", clock.now().plusSeconds(30)));

        RateLimiter other = new RateLimiter(clock);
        told.forEach(other::heldElsewhere);
        other.heldElsewhere("t-key|k2", clock.now().minusSeconds(1)); // ended already: holds nothing
        RateLimiter.Reserved venue = other.reserve(List.of(new Charge(ip, Charge.SHARED_IP, 1)));
        assertThat(venue.granted()).isFalse();
        assertThat(venue.sharedLimit()).isTrue();
        assertThat(venue.delay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(other.reserve(List.of(new Charge(key, "k1", 1))).sharedLimit()).isFalse();
        assertThat(other.reserve(List.of(new Charge(key, "k2", 1))).granted()).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(other.reserve(List.of(new Charge(ip, Charge.SHARED_IP, 1))).granted()).isTrue();
    }
}
