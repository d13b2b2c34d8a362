package io.nija.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Request budgets per API key and per IP, on a manual clock. */
class VenueRateLimiterTest {
    final ManualClock clock = new ManualClock(Instant.parse("2025-01-06T12:00:00Z"));

    private static int grantedOf(VenueRateLimiter l, String key, int attempts) {
        int granted = 0;
        for (int i = 0; i < attempts; i++) {
            if (l.tryAcquire(key).granted()) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void oneKeyExhaustingItsBudgetDoesNotReduceAnotherKeys() {
        VenueRateLimiter l = new VenueRateLimiter(clock, 1000, 5);
        assertThat(grantedOf(l, "key-a", 5)).isEqualTo(5);
        VenueRateLimiter.Permit denied = l.tryAcquire("key-a");
        assertThat(denied.granted()).isFalse();
        assertThat(denied.sharedLimit()).as("the key's own budget is the limit").isFalse();
        assertThat(denied.delay()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(200));
        assertThat(grantedOf(l, "key-b", 5)).isEqualTo(5);
        assertThat(l.tryAcquire("key-b").granted()).isFalse();
    }

    @Test
    void theSharedBudgetIsSharedByEveryKey() {
        VenueRateLimiter l = new VenueRateLimiter(clock, 3, 10);
        assertThat(grantedOf(l, "key-a", 2)).isEqualTo(2);
        assertThat(l.tryAcquire("key-b").granted()).isTrue();
        assertThat(l.sharedHeadroom()).isZero();
        VenueRateLimiter.Permit denied = l.tryAcquire("key-c");
        assertThat(denied.granted()).isFalse();
        assertThat(denied.sharedLimit()).isTrue();
        assertThat(denied.delay()).isPositive();
    }

    @Test
    void aKeyTokenIsGivenBackWhenTheSharedBudgetRefuses() {
        // Shared: 10/s (one token per 100 ms). Per key: 1/s (one token per second).
        VenueRateLimiter l = new VenueRateLimiter(clock, 10, 1);
        for (int k = 0; k < 10; k++) {
            assertThat(l.tryAcquire("other-" + k).granted()).isTrue();
        }
        assertThat(l.tryAcquire("key-a").sharedLimit()).isTrue();
        clock.advance(Duration.ofMillis(100));
        // One shared token is back. key-a only has a token if the refused attempt returned it: 100 ms refills 0.1.
        assertThat(l.tryAcquire("key-a").granted()).isTrue();
    }

    @Test
    void budgetsRefillOverTime() {
        VenueRateLimiter l = new VenueRateLimiter(clock, 1000, 5);
        assertThat(grantedOf(l, "key-a", 10)).isEqualTo(5);
        clock.advance(Duration.ofMillis(199));
        assertThat(l.tryAcquire("key-a").granted()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(l.tryAcquire("key-a").granted()).isTrue();
        assertThat(l.tryAcquire("key-a").granted()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(grantedOf(l, "key-a", 10)).as("refill is capped at one second's budget").isEqualTo(5);
    }

    @Test
    void theReportedDelayIsEnoughToGetAToken() {
        VenueRateLimiter l = new VenueRateLimiter(clock, 1000, 4);
        grantedOf(l, "key-a", 4);
        VenueRateLimiter.Permit denied = l.tryAcquire("key-a");
        clock.advance(denied.delay());
        assertThat(l.tryAcquire("key-a").granted()).isTrue();
    }

    @Test
    void sharedHeadroomCountsDownAndRefills() {
        VenueRateLimiter l = new VenueRateLimiter(clock, 10, 100);
        assertThat(l.sharedHeadroom()).isEqualTo(10);
        grantedOf(l, "k", 4);
        assertThat(l.sharedHeadroom()).isEqualTo(6);
        clock.advance(Duration.ofSeconds(1));
        assertThat(l.sharedHeadroom()).isEqualTo(10);
    }
}
