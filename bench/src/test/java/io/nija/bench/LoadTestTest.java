package io.nija.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's entry runs the CLI's load generator (one engine): a small burst end to end, its markdown report written
 * for bench/results/. No timing is asserted.
 */
class LoadTestTest {
    @TempDir
    Path dir;

    @Test
    void theBenchEntryRunsTheOneLoadGeneratorAndWritesItsReport() throws Exception {
        Path report = dir.resolve("loadtest.md");
        int exit = LoadTest.run("--scenario", "burst", "--users", "20", "--out", report.toString());

        assertThat(exit).isZero();
        String md = Files.readString(report);
        assertThat(md).startsWith("# Load test, burst: 20 users x 1 x $100 BTC-USD, all at once")
                .contains("bin/nija-router loadtest --scenario burst --users 20 --out ", "load average (1/5/15 min) before: ")
                .contains("| sent | 20/20 |", "| filled | 20 |", "| final | 20/20 |", "| burst: signal->ack p50 / p99 / p99.9 | ")
                .contains("| peak heap used | ");
    }
}
