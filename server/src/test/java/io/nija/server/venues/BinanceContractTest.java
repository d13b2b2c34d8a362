package io.nija.server.venues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.venues.binance.BinanceVenue;
import io.nija.venues.common.Charge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Binance adapter against the simulator's Binance dialect, plus Binance's per-IP request weight. */
class BinanceContractTest extends VenueContractSuite {
    private final HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Override
    protected String venue() {
        return "binance";
    }

    /** Weight spent by another client on the same IP, as Binance counts it: {@code calls} x depth(limit=5000) = 250 each. */
    private int spendWeight(int calls) throws Exception {
        int status = 0;
        for (int i = 0; i < calls; i++) {
            HttpResponse<String> r = other.send(HttpRequest.newBuilder(URI.create(server.baseUrl("binance")
                    + "/api/v3/depth?symbol=BTCUSDT&limit=5000")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            status = r.statusCode();
        }
        return status;
    }

    /** The weight window is the calendar minute: keep a test's calls inside one. */
    private void awayFromMinuteEnd() throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 55_000) {
            Thread.sleep(60_000 - intoMinute + 50);
        }
    }

    @Test
    void usedWeightHeaderFeedsTheAdaptersLimiter() throws Exception {
        awayFromMinuteEnd();
        BinanceVenue binance = (BinanceVenue) adapter;
        adapter.instruments(); // also adopts exchangeInfo's rateLimits (6000 weight per minute)
        assertThat(spendWeight(8)).isEqualTo(200); // 2000 weight used by someone else on this IP
        adapter.balances(account);
        long available = binance.rateLimits().limiter().available(binance.rateLimits().weightRule(), Charge.SHARED_IP);
        // 6000 - (20 + 2000 + 20) = 3960, plus whatever the bucket refilled meanwhile.
        assertThat(available).isBetween(3900L, 4100L);
    }

    @Test
    void exhaustedWeightIsRateLimitedWithRetryAfter() throws Exception {
        awayFromMinuteEnd();
        assertThat(spendWeight(24)).isEqualTo(200); // exactly 6000
        VenueException e = catchThrowableOfType(VenueException.class, () -> adapter.balances(account));
        assertThat(e).isNotNull();
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(VenueErrorKind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("-1003");
        assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
    }
}
