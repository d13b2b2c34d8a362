package io.nija.sim.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.venue.VenueAccount;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's fault isolation, as a deterministic simulation on one venue: user 0's key no longer works at the
 * venue, user 1's account has no money; user 2's orders on the same venue are unaffected, and the venue's
 * breaker stays closed because nothing is wrong with the venue.
 */
class UserIsolationTest {
    @Test
    void aRevokedKeyAndAnEmptyAccountAffectOnlyTheirOwnersAndNeverOpenTheVenueBreaker() {
        try (RouterSimulation s = new RouterSimulation(61, false)) {
            s.users(3);
            s.usersOnlyOn(3, Set.of("binance"));
            VenueAccount a = s.sim.openPaperAccount("user-0", "binance");
            s.replaceAccount("user-0", "binance", new VenueAccount("user-0", "binance", a.apiKey(), "revoked-secret", null));
            VenueAccount empty = s.sim.createAccount("binance", "empty-key", "empty-secret", null, Map.of("USDT", BigDecimal.ONE));
            s.replaceAccount("user-1", "binance", new VenueAccount("user-1", "binance", empty.apiKey(), empty.apiSecret(), null));

            // A running router already knows the venue's fees from other users.
            s.buy("user-2", "200");
            s.run(Duration.ofSeconds(1));
            for (int round = 0; round < 15; round++) {
                for (int u = 0; u < 3; u++) {
                    s.buy("user-" + u, "200");
                }
            }
            s.run(Duration.ofSeconds(30));

            List<Order> orders = s.orders();
            assertThat(orders).filteredOn(o -> o.userId().equals("user-2"))
                    .hasSize(16).allSatisfy(o -> assertThat(o.status()).isEqualTo(OrderStatus.FILLED));
            assertThat(orders).filteredOn(o -> o.userId().equals("user-0"))
                    .allSatisfy(o -> assertThat(o.status()).isEqualTo(OrderStatus.REJECTED));
            assertThat(orders).filteredOn(o -> o.userId().equals("user-1"))
                    .allSatisfy(o -> assertThat(o.status()).isEqualTo(OrderStatus.REJECTED));
            assertThat(orders).filteredOn(o -> o.userId().equals("user-0")).first()
                    .satisfies(o -> assertThat(o.rejectCode()).isEqualTo("auth_failed"));
            assertThat(orders).filteredOn(o -> o.userId().equals("user-1")).first()
                    .satisfies(o -> assertThat(o.rejectCode()).isEqualTo("insufficient_funds"));
            var binance = s.engine.executors().get("binance");
            assertThat(binance.isBreakerOpen()).as("venue breaker").isFalse();
            assertThat(binance.isUserBreakerOpen("user-0")).isTrue();
            assertThat(binance.isUserBreakerOpen("user-1")).isTrue();
            assertThat(binance.isUserBreakerOpen("user-2")).isFalse();
            // The broken accounts stopped reaching the venue after a few tries: their breakers hold them back.
            long accepted = s.sim.engine("binance").acceptedOrders().stream().filter(o -> o.apiKey().equals("empty-key")).count();
            assertThat(accepted).isZero();
        }
    }
}
