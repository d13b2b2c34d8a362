package io.nija.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.order.OrderStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test's code path end to end at a small size, so CI exercises it: 20 users, one $100 BTC-USD entry
 * each, through the HTTP API to the simulated venues. No timing is asserted, only that every order fills and
 * the report can be written.
 */
class LoadTestTest {
    @TempDir
    Path dataDir;

    @Test
    void twentyUsersAllFillAndTheReportHasTheNumbers() throws Exception {
        LoadTest.Options options = LoadTest.Options.defaults().withUsers(20).withDataDir(dataDir);
        LoadTest.Result r = LoadTest.run(options);

        assertThat(r.httpFailures()).isEmpty();
        assertThat(r.timedOut()).isFalse();
        assertThat(r.outcomes()).hasSize(20)
                .allSatisfy(o -> assertThat(o.status()).as(o.orderId() + " " + o.reason()).isEqualTo(OrderStatus.FILLED));
        assertThat(r.outcomes()).extracting(LoadTest.Outcome::userId).doesNotHaveDuplicates();
        assertThat(r.successRate()).isEqualTo(1.0);
        assertThat(r.serverLatencies()).hasSize(20);

        String report = LoadTest.report(r, new String[] {"--users", "20"});
        assertThat(report).contains("elapsed to last fill", "trades/min", "success rate", "100.0 %", "nija_routing_latency_seconds")
                .contains("decisions: 20");
    }
}
