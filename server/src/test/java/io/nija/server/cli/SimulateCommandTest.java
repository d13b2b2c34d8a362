package io.nija.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code nija-router simulate}: a few seconds of swarm end with the contract's one summary line and exit 0. */
class SimulateCommandTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = NijaRouterCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aShortSwarmEndsWithTheSummaryLineAndExitsZero() throws Exception {
        Path dir = Files.createTempDirectory("nija-swarm");
        Run r = run("simulate", "--minutes", "0.05", "--seed", "7", "--report-dir", dir.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("seeds=[1-9][0-9]* orders=[1-9][0-9]* violations=0 orders_per_s=[0-9]+");
        assertThat(Files.readString(dir.resolve("swarm-report.md"))).contains("# Simulation swarm", lines.get(0));
        // The engine's logging is quiet only while the swarm runs: later log lines in this JVM still appear.
        assertThat(((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.nija")).getLevel())
                .isNotEqualTo(ch.qos.logback.classic.Level.ERROR);
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run("simulate", "--minutes", "0").exit()).isEqualTo(2);
        assertThat(run("simulate", "--minutes", "soon").exit()).isEqualTo(2);
    }
}
