package io.nija.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The progress line and the final table are made of one snapshot, so every figure they share is the same. */
class ReadoutTest {
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private static final Pattern LINE = Pattern.compile(
            "sent (\\d+)/(\\d+), accepted (\\d+), refused (\\d+), final (\\d+)/(\\d+), filled (\\d+), last fill at (.+) \\((.+) trades/min\\), running (.+)");

    @Test
    void theLastProgressLineAndTheTableShowTheSameFigures() {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        LoadPlan plan = LoadPlan.defaults(Scenario.STEADY).withUsers(2).withRate(10, Duration.ofSeconds(1), Duration.ZERO);
        LoadStats stats = new LoadStats(10, plan.measuredPhases(), 1, clock::get);
        long start = stats.startNanos();
        for (int i = 0; i < 10; i++) {
            long sent = start + i * 100_000_000L;
            stats.sent(LoadPlan.PHASE_STEADY, sent);
            if (i == 9) {
                stats.refused("lt-x-1: 422 order_too_large");
                continue;
            }
            stats.accepted(LoadPlan.PHASE_STEADY, sent, sent + 3_000_000L, 1);
            String status = i == 8 ? "rejected" : "filled";
            stats.finalState(LoadPlan.PHASE_STEADY, status, sent, sent + 40_000_000L + i * 1_000_000L, T, T.plusMillis(30 + i));
        }
        stats.heap(0, 300L * 1024 * 1024);
        clock.set(start + 2_500_000_000L);
        LoadStats.Snapshot s = stats.snapshot();

        Matcher m = LINE.matcher(Readout.progressLine(s));
        assertThat(m.matches()).as(Readout.progressLine(s)).isTrue();
        Map<String, String> table = Readout.rows(new LoadResult(plan, "http://x", s, null, false)).stream()
                .collect(Collectors.toMap(Readout.Row::measure, Readout.Row::value));

        assertThat(m.group(1) + "/" + m.group(2)).isEqualTo(table.get("sent")).isEqualTo("10/10");
        assertThat(m.group(3)).isEqualTo(table.get("accepted")).isEqualTo("9");
        assertThat(m.group(4)).isEqualTo(table.get("refused")).isEqualTo("1");
        assertThat(m.group(5) + "/" + m.group(6)).isEqualTo(table.get("final")).isEqualTo("9/9");
        assertThat(m.group(7)).isEqualTo(table.get("filled")).isEqualTo("8");
        // The last fill: the 8th signal (sent at 0.7 s) filled 47 ms later.
        assertThat(m.group(8)).isEqualTo(table.get("last fill at")).isEqualTo("747.0 ms");
        assertThat(m.group(9)).isEqualTo(table.get("trades/min")).isEqualTo("643");
        assertThat(m.group(10)).isEqualTo("2.50 s");
        assertThat(table.get("not filled")).isEqualTo("rejected=1");
        assertThat(table.get("steady: signal->ack p50 / p99 / p99.9")).isEqualTo("3.00 ms / 3.00 ms / 3.00 ms (n=9)");
        assertThat(table.get("steady: signal->fill p50 / p99 / p99.9 (service)")).isEqualTo("33.0 ms / 37.0 ms / 37.0 ms (n=8)");
        assertThat(table.get("steady: signal->fill p50 / p99 / p99.9 (client)")).isEqualTo("43.0 ms / 47.0 ms / 47.0 ms (n=8)");
        assertThat(table.get("peak heap used")).isEqualTo("300.0 MiB");
        assertThat(table.get("first refusal")).contains("order_too_large");
    }

    @Test
    void isolationTellsHowMuchTheFloodRaisedTheQuietUsersP99() {
        AtomicLong clock = new AtomicLong();
        LoadPlan plan = LoadPlan.defaults(Scenario.ISOLATION);
        LoadStats stats = new LoadStats(4, plan.measuredPhases(), 1, clock::get);
        for (int i = 0; i < 100; i++) {
            stats.finalState(LoadPlan.PHASE_QUIET, "filled", 0, 5_000_000L, T, T.plusMillis(5));
            stats.finalState(LoadPlan.PHASE_FLOODED, "filled", 0, 5_500_000L, T, T.plusNanos(5_800_000L));
        }
        List<Readout.Row> rows = Readout.rows(new LoadResult(plan, "http://x", stats.snapshot(), null, false));
        Map<String, String> table = rows.stream().collect(Collectors.toMap(Readout.Row::measure, Readout.Row::value));
        assertThat(table.get("flood raised the quiet user's p99 signal->fill (service) by")).isEqualTo("0.80 ms");
        assertThat(table.get("flood raised the quiet user's p99 signal->fill (client) by")).isEqualTo("0.50 ms");
    }

    @Test
    void theFanOutAnswerIsShownByItsFields() {
        assertThat(Readout.answerFields("{\"strategy\":\"s\",\"alert_id\":\"tv-1\",\"fan_out\":\"in_progress\",\"subscribers\":120}"))
                .isEqualTo("alert_id=tv-1, fan_out=in_progress, subscribers=120");
    }

    @Test
    void heapIsReadFromThePrometheusSeriesOfTheHeapPools() {
        String metrics = """
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.048576E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.097152E7
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
                """;
        assertThat(LoadEngine.heapUsed(metrics)).isEqualTo(30L * 1024 * 1024);
        assertThat(LoadEngine.heapUsed("nothing here")).isZero();
    }
}
