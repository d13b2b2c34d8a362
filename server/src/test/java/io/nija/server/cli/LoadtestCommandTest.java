package io.nija.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code nija-router loadtest}: against a running service and a private one; progress lines; the summary table. */
class LoadtestCommandTest {
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

    private static String row(String out, String measure) {
        return out.lines().filter(l -> l.startsWith("| " + measure + " ")).findFirst()
                .map(l -> l.substring(l.indexOf('|', 2) + 1, l.lastIndexOf('|')).trim()).orElse(null);
    }

    @Test
    void loadsARunningServiceAndPrintsTheSummary() throws Exception {
        try (RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, Files.createTempDirectory("nija-lt"), null, null,
                null, 3, false))) {
            Run r = run("loadtest", "--url", "http://127.0.0.1:" + app.port() + "/", "--admin-token", app.adminToken().token(),
                    "--users", "6", "--signals-per-user", "2", "--size-usd", "40");
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(row(r.out(), "signals")).isEqualTo("12");
            assertThat(row(r.out(), "filled")).isEqualTo("12");
            assertThat(row(r.out(), "refused")).isEqualTo("0");
            assertThat(Double.parseDouble(row(r.out(), "trades/min"))).isPositive();
            assertThat(row(r.out(), "signal->filled p50 (service)")).matches("[0-9.]+ m?s");
            assertThat(row(r.out(), "signal->filled p99 (service)")).matches("[0-9.]+ m?s");
            assertThat(row(r.out(), "elapsed (first signal to last fill)")).matches("[0-9.]+ m?s");
            // Not a terminal here: plain progress lines, ending at 100 %.
            assertThat(r.err()).contains("users  : 6/6 (100%)", "signals: 12/12 (100%)", "final  : 12/12 (100%)");
            assertThat(r.err()).doesNotContain("\r");
            // The progress lines and the table tell the same story: counts, and one clock from the first signal (the
            // last progress line comes after the last fill, so it cannot show less time than the table's elapsed).
            assertThat(row(r.out(), "accepted (202)")).isEqualTo("12");
            assertThat(row(r.out(), "orders")).isEqualTo("12");
            java.util.regex.Matcher last = java.util.regex.Pattern
                    .compile("final  : 12/12 \\(100%\\) after ([0-9.]+) s, (\\d+) filled").matcher(r.err());
            assertThat(last.find()).as(r.err()).isTrue();
            assertThat(last.group(2)).isEqualTo(row(r.out(), "filled"));
            String elapsed = row(r.out(), "elapsed (first signal to last fill)");
            double tableSeconds = elapsed.endsWith(" ms") ? Double.parseDouble(elapsed.replace(" ms", "")) / 1000
                    : Double.parseDouble(elapsed.replace(" s", ""));
            assertThat(Double.parseDouble(last.group(1)) + 0.05).as("last progress line vs table").isGreaterThanOrEqualTo(tableSeconds);
            assertThat(app.store().listUsers()).filteredOn(u -> u.userId().startsWith("lt-")).hasSize(6);
        }
    }

    @Test
    void withoutAUrlItStartsAPrivateRouter() {
        Run r = run("loadtest", "--users", "3", "--size-usd", "25");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("started a private router at http://127.0.0.1:");
        assertThat(row(r.out(), "filled")).isEqualTo("3");
        // Its temporary data directory held an admin token and a master key: gone once the command returns.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(data in (\\S+), removed at the end\\)").matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        assertThat(java.nio.file.Path.of(m.group(1))).doesNotExist();
    }

    @Test
    void badUsageExitsWith2() {
        assertThat(run("loadtest", "--users", "0").exit()).isEqualTo(2);
        assertThat(run("loadtest", "--size-usd", "-5").exit()).isEqualTo(2);
        if (System.getenv("NIJA_ADMIN_TOKEN") == null) {
            Run r = run("loadtest", "--url", "http://127.0.0.1:9");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--admin-token");
        }
        assertThat(run("loadtest", "--help").out()).contains("--users", "--signals-per-user", "--size-usd", "--url", "--admin-token");
    }

    @Test
    void plainProgressPrintsATenthAtATimeAndTheBarRedrawsInPlace() {
        StringWriter plain = new StringWriter();
        Progress p = new Progress(new PrintWriter(plain, true), false, "work", 100);
        for (int i = 1; i <= 100; i++) {
            p.update(i, null);
        }
        p.finish(100, "done");
        assertThat(plain.toString().lines().count()).isBetween(10L, 12L);
        assertThat(plain.toString()).contains("work: 100/100 (100%)");

        StringWriter bar = new StringWriter();
        Progress b = new Progress(new PrintWriter(bar, true), true, "work", 4);
        b.update(1, null);
        b.finish(4, "all");
        assertThat(bar.toString()).startsWith("\rwork [#######").contains("\rwork [##############################] 4/4 100%").endsWith(System.lineSeparator());
    }

    @Test
    void theSummaryTableAlignsItsColumnsAndPercentilesAreNearestRank() {
        StringWriter w = new StringWriter();
        new SummaryTable("t").row("signals", 10).row("a longer measure", "1.5 s").print(new PrintWriter(w, true));
        List<String> lines = w.toString().lines().toList();
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l).hasSize(lines.get(1).length()));
        assertThat(lines).contains("| signals          |    10 |");
        List<Duration> d = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(Duration::ofMillis).toList();
        assertThat(SummaryTable.percentile(d, 50)).isEqualTo(Duration.ofMillis(50));
        assertThat(SummaryTable.percentile(d, 99)).isEqualTo(Duration.ofMillis(99));
        assertThat(SummaryTable.percentile(List.of(), 50)).isNull();
        assertThat(SummaryTable.duration(Duration.ofMillis(1500))).isEqualTo("1.50 s");
    }
}
