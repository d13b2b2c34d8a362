package io.nija.venues.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.time.ManualClock;
import io.nija.core.venue.VenueException;
import io.nija.venues.common.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BybitRateLimitsTest {
    /**
     * Bybit bans an IP for ten minutes after more than 600 requests in 5 s. Wherever that 5 s window falls (the
     * simulator counts any 5 s span), a caller sending as fast as our limiter lets it must stay within half of that,
     * so requests that arrive bunched together still stay within 600.
     */
    @Test
    void noFiveSecondSpanEverSeesMoreThanHalfOfBybitsSixHundredRequestsFromOneIp() {
        ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:04.900Z"));
        BybitRateLimits limits = new BybitRateLimits(new RateLimiter(clock));
        List<Instant> sent = new ArrayList<>();
        Instant end = clock.now().plus(Duration.ofSeconds(20));
        while (clock.now().isBefore(end)) {
            while (true) {
                try {
                    limits.limiter().acquire("bybit", limits.publicCall());
                    sent.add(clock.now());
                } catch (VenueException e) {
                    break;
                }
            }
            clock.advance(Duration.ofMillis(50));
        }
        int worst = 0;
        for (int i = 0, j = 0; i < sent.size(); i++) {
            while (!sent.get(j).isAfter(sent.get(i).minus(Duration.ofSeconds(5)))) {
                j++;
            }
            worst = Math.max(worst, i - j + 1);
        }
        assertThat(worst).as("most requests in any 5 s").isLessThanOrEqualTo(300);
        // Still a steady 50 a second over time.
        assertThat(sent.size()).isGreaterThanOrEqualTo(20 * 50);
    }
}
