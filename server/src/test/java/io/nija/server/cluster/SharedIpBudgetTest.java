package io.nija.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.time.ManualClock;
import io.nija.store.JdbcStore;
import io.nija.store.PgRateBuckets;
import io.nija.store.Stores;
import io.nija.venues.common.Charge;
import io.nija.venues.common.LimitRule;
import io.nija.venues.common.LimitScope;
import io.nija.venues.common.RateLimiter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' limiters (each with its own store pool) sharing their per-IP limits through PostgreSQL: together
 * they never spend more of an exchange's per-IP window than the exchange allows, while per-key limits stay each
 * instance's own. Without sharing, the same calls spend the window twice (what the exchange would punish).
 */
class SharedIpBudgetTest {
    private static final String URL = System.getProperty("nija.test.pg.url",
            System.getenv().getOrDefault("NIJA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    /** Like Bybit's 600 per 5 s per IP, smaller: 10 per second, windows aligned to the clock. */
    private static final LimitRule PER_IP = LimitRule.window("test-ip", LimitScope.IP, 10, Duration.ofSeconds(1));
    private static final LimitRule PER_KEY = LimitRule.window("test-key", LimitScope.API_KEY, 4, Duration.ofSeconds(1));

    private final String schema = "ipbudget_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-05T10:00:00.250Z"));
    private JdbcStore a;
    private JdbcStore b;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue(reachable(), "no PostgreSQL at " + URL);
        a = Stores.external(URL, schema);
        b = Stores.external(URL, schema);
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (a != null) {
            a.close();
            b.close();
            try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private RateLimiter sharedThrough(JdbcStore store) {
        RateLimiter limiter = new RateLimiter(clock);
        PgRateBuckets buckets = store.rateBuckets(RateLimiter.timeMeter(clock));
        limiter.shareIpLimits((key, config) -> buckets.getProxy(key, () -> config));
        return limiter;
    }

    /** Calls alternately through both limiters until each refuses; how many the exchange would have counted. */
    private static int spendAlternately(RateLimiter first, RateLimiter second, LimitRule rule, int tries) {
        int granted = 0;
        for (int i = 0; i < tries; i++) {
            RateLimiter.Reserved r = (i % 2 == 0 ? first : second).reserve(List.of(new Charge(rule, "ip", 1)));
            if (r.granted()) {
                granted++;
            } else {
                assertThat(r.sharedLimit()).as("refused by the per-IP limit").isEqualTo(rule.scope() == LimitScope.IP);
            }
        }
        return granted;
    }

    @Test
    void twoInstancesTogetherNeverSpendMoreThanTheExchangesPerIpWindow() {
        RateLimiter one = sharedThrough(a);
        RateLimiter two = sharedThrough(b);
        for (int window = 0; window < 3; window++) {
            assertThat(spendAlternately(one, two, PER_IP, 30)).as("window " + window).isEqualTo(10);
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void perKeyLimitsStayEachInstancesOwn() {
        RateLimiter one = sharedThrough(a);
        RateLimiter two = sharedThrough(b);
        assertThat(spendAlternately(one, two, PER_KEY, 20)).isEqualTo(8);
    }

    @Test
    void withoutSharingTheSameCallsWouldSpendTheWindowTwice() {
        assertThat(spendAlternately(new RateLimiter(clock), new RateLimiter(clock), PER_IP, 30)).isEqualTo(20);
    }

    private static boolean reachable() {
        try (Connection c = DriverManager.getConnection(URL)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
