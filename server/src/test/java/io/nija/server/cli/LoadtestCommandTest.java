package io.nija.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code nija-router loadtest}, the one load generator, end to end at small sizes (no timing asserted): every scenario
 * against private routers, a running service by --url, the last progress line against the table, temporary
 * directories gone at the end.
 */
class LoadtestCommandTest {
    private static final String PG = System.getProperty("nija.test.pg.url",
            System.getenv().getOrDefault("NIJA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    private static final Pattern LAST = Pattern.compile(
            "loadtest: sent (\\d+/\\d+), accepted (\\d+), refused (\\d+), final (\\d+/\\d+), filled (\\d+), last fill at (.+) \\((.+) trades/min\\), running .+");

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

    /** The last progress line's figures are the table's. */
    private static void progressAgreesWithTable(Run r) {
        List<String> lines = r.err().lines().filter(l -> LAST.matcher(l).matches()).toList();
        assertThat(lines).as(r.err()).isNotEmpty();
        Matcher m = LAST.matcher(lines.get(lines.size() - 1));
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo(row(r.out(), "sent"));
        assertThat(m.group(2)).isEqualTo(row(r.out(), "accepted"));
        assertThat(m.group(3)).isEqualTo(row(r.out(), "refused"));
        assertThat(m.group(4)).isEqualTo(row(r.out(), "final"));
        assertThat(m.group(5)).isEqualTo(row(r.out(), "filled"));
        assertThat(m.group(6)).isEqualTo(row(r.out(), "last fill at"));
        assertThat(m.group(7)).isEqualTo(row(r.out(), "trades/min"));
    }

    /** The scratch directories named on stderr exist no more. */
    private static void scratchRemoved(Run r) {
        Matcher m = Pattern.compile("\\(data in ([^;)]+)(; schema \\w+)?, removed at the end\\)").matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        for (String dir : m.group(1).split(", ")) {
            assertThat(Path.of(dir)).doesNotExist();
        }
    }

    @Test
    void loadsARunningServiceAndPrintsTheSummary() throws Exception {
        Path dir = Files.createTempDirectory("nija-lt");
        try (RouterApp app = RouterApp.start(new ServeOptions("127.0.0.1", 0, dir, null, null, null, 3, false))) {
            Run r = run("loadtest", "--url", "http://127.0.0.1:" + app.port() + "/", "--admin-token", app.adminToken().token(),
                    "--users", "6", "--signals-per-user", "2", "--size-usd", "40");
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(row(r.out(), "sent")).isEqualTo("12/12");
            assertThat(row(r.out(), "accepted")).isEqualTo("12");
            assertThat(row(r.out(), "filled")).isEqualTo("12");
            assertThat(row(r.out(), "final")).isEqualTo("12/12");
            assertThat(row(r.out(), "refused")).isEqualTo("0");
            assertThat(Double.parseDouble(row(r.out(), "trades/min").replace(",", ""))).isPositive();
            assertThat(row(r.out(), "burst: signal->ack p50 / p99 / p99.9")).matches("[0-9.]+ m?s / [0-9.]+ m?s / [0-9.]+ m?s \\(n=12\\)");
            assertThat(row(r.out(), "burst: signal->fill p50 / p99 / p99.9 (service)")).endsWith("(n=12)");
            assertThat(row(r.out(), "burst: signal->fill p50 / p99 / p99.9 (client)")).endsWith("(n=12)");
            assertThat(row(r.out(), "last fill at")).matches("[0-9.]+ m?s");
            assertThat(r.err()).doesNotContain("\r");
            progressAgreesWithTable(r);
            assertThat(app.store().listUsers()).filteredOn(u -> u.userId().startsWith("lt-")).hasSize(6);
        } finally {
            ScratchDir.delete(dir);
        }
    }

    @Test
    void aBurstOnAPrivateRouterRemovesItsDirectory() {
        Run r = run("loadtest", "--users", "3", "--size-usd", "25");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("started a private router at http://127.0.0.1:");
        assertThat(row(r.out(), "filled")).isEqualTo("3");
        assertThat(row(r.out(), "peak heap used")).matches("[0-9.]+ MiB");
        progressAgreesWithTable(r);
        // It held an admin token and a master key: gone once the command returns.
        scratchRemoved(r);
    }

    @Test
    void steadyLoadSendsOnScheduleAndMeasuresOnlyAfterTheWarmUp() {
        Run r = run("loadtest", "--scenario", "steady", "--users", "4", "--rate", "20", "--duration-seconds", "2",
                "--warmup-seconds", "1", "--size-usd", "20");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(row(r.out(), "sent")).isEqualTo("60/60");
        assertThat(row(r.out(), "filled")).isEqualTo("60");
        assertThat(row(r.out(), "steady: signal->ack p50 / p99 / p99.9")).endsWith("(n=40)");
        assertThat(row(r.out(), "steady: signal->fill p50 / p99 / p99.9 (service)")).endsWith("(n=40)");
        assertThat(row(r.out(), "steady: trades/min (its first signal to its last fill)")).matches("[0-9,]+");
        progressAgreesWithTable(r);
        scratchRemoved(r);
    }

    @Test
    void aFanOutAnswersTheWebhookAndEverySubscriberWithinItsLimitsGetsAnOrder() {
        // 120 subscribers: above the 50 fanned out before the answer, so the answer comes first.
        Run r = run("loadtest", "--scenario", "fan-out", "--subscribers", "120");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(row(r.out(), "webhook answer")).startsWith("202 ").contains("in_progress");
        assertThat(row(r.out(), "webhook answered after")).matches("[0-9.]+ m?s");
        // Subscribers 99 is over its max order: 119 orders, none for it.
        assertThat(row(r.out(), "final")).isEqualTo("119/119");
        assertThat(row(r.out(), "filled")).isEqualTo("119");
        assertThat(row(r.out(), "orders of subscribers over their limits")).isEqualTo("0");
        assertThat(row(r.out(), "last order at its venue at")).matches("[0-9.]+ m?s");
        assertThat(row(r.out(), "fan-out: signal->fill p50 / p99 / p99.9 (client)")).endsWith("(n=119)");
        progressAgreesWithTable(r);
        scratchRemoved(r);
    }

    @Test
    void isolationMeasuresTheQuietUserAloneAndThenBesideTheFlood() {
        Run r = run("loadtest", "--scenario", "isolation", "--rate", "10", "--duration-seconds", "2", "--warmup-seconds", "1",
                "--flood-signals", "100");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(row(r.out(), "sent")).isEqualTo("150/150");
        assertThat(row(r.out(), "accepted")).isEqualTo("150");
        assertThat(row(r.out(), "quiet: signal->fill p50 / p99 / p99.9 (service)")).endsWith("(n=20)");
        assertThat(row(r.out(), "flooded: signal->fill p50 / p99 / p99.9 (service)")).endsWith("(n=20)");
        // The run ends when the quiet user's orders are final; the flooder's lane may still be working through its own.
        int stillWorking = Integer.parseInt(row(r.out(), "flood orders still working at the end"));
        assertThat(Integer.parseInt(row(r.out(), "filled")) + stillWorking).isEqualTo(150);
        assertThat(row(r.out(), "flood: signal->ack p50 / p99 / p99.9")).endsWith("(n=100)");
        assertThat(row(r.out(), "flood raised the quiet user's p99 signal->fill (service) by")).matches("-?[0-9.]+ m?s");
        progressAgreesWithTable(r);
        scratchRemoved(r);
    }

    @Test
    void multiInstanceSpreadsTheLoadOverThreeClusterInstancesAndDropsItsSchema() throws Exception {
        Assumptions.assumeTrue(reachable(), "no PostgreSQL at " + PG);
        Run r = run("loadtest", "--scenario", "multi-instance", "--db-url", PG, "--users", "6", "--rate", "15",
                "--duration-seconds", "2", "--warmup-seconds", "0", "--size-usd", "20");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("started 3 private cluster instances at ");
        assertThat(row(r.out(), "sent")).isEqualTo("30/30");
        assertThat(row(r.out(), "filled")).isEqualTo("30");
        for (int i = 1; i <= 3; i++) {
            assertThat(row(r.out(), "peak heap used, instance " + i)).matches("[0-9.]+ MiB");
        }
        progressAgreesWithTable(r);
        scratchRemoved(r);
        Matcher schema = Pattern.compile("; schema (loadtest_\\w+), removed").matcher(r.err());
        assertThat(schema.find()).as(r.err()).isTrue();
        try (var c = DriverManager.getConnection(PG); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '" + schema.group(1) + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the run's schema is dropped").isZero();
        }
    }

    @Test
    void badUsageExitsWith2() {
        assertThat(run("loadtest", "--users", "0").exit()).isEqualTo(2);
        assertThat(run("loadtest", "--size-usd", "-5").exit()).isEqualTo(2);
        assertThat(run("loadtest", "--scenario", "soak").exit()).isEqualTo(2);
        Run multi = run("loadtest", "--scenario", "multi-instance");
        assertThat(multi.exit()).isEqualTo(2);
        assertThat(multi.err()).contains("--db-url");
        if (System.getenv("NIJA_ADMIN_TOKEN") == null) {
            Run r = run("loadtest", "--url", "http://127.0.0.1:9");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--admin-token");
        }
        assertThat(run("loadtest", "--help").out()).contains("--scenario", "--users", "--rate", "--subscribers", "--flood-signals",
                "--url", "--admin-token", "--db-url", "--out");
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

    private static boolean reachable() {
        try (var c = DriverManager.getConnection(PG)) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
