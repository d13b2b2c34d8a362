package io.nija.server.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words and figures a run is shown with. The progress line and the final table are both made here from one
 * {@link LoadStats.Snapshot}, with the same formatting, so a figure the last progress line shows is the figure the
 * table shows.
 */
public final class Readout {
    private Readout() {
    }

    /** One row of the final table. */
    public record Row(String measure, String value) {
    }

    /** The progress line: counts so far, the last fill and its throughput, and the time running. */
    public static String progressLine(LoadStats.Snapshot s) {
        return String.format(Locale.ROOT, "sent %d/%d, accepted %d, refused %d, final %d/%d, filled %d, last fill at %s (%s trades/min), running %s",
                s.sent(), s.planned(), s.accepted(), s.refused(), s.finals(), s.orders(), s.filled(),
                duration(s.toLastFill()), perMinute(s.tradesPerMinute()), duration(s.elapsed()));
    }

    /** The final table's rows, from the same snapshot the last progress line was made of. */
    public static List<Row> rows(LoadResult r) {
        LoadStats.Snapshot s = r.numbers();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("sent", s.sent() + "/" + s.planned()));
        rows.add(new Row("accepted", String.valueOf(s.accepted())));
        rows.add(new Row("refused", String.valueOf(s.refused())));
        rows.add(new Row("final", s.finals() + "/" + s.orders()));
        rows.add(new Row("filled", String.valueOf(s.filled())));
        rows.add(new Row("not filled", s.notFilled().isEmpty() ? "0" : s.notFilled().toString().replaceAll("[{}]", "")));
        rows.add(new Row("last fill at", duration(s.toLastFill())));
        rows.add(new Row("trades/min", perMinute(s.tradesPerMinute())));
        if (r.fanOut() != null) {
            rows.add(new Row("webhook answered after", duration(r.fanOut().took())));
            rows.add(new Row("webhook answer", r.fanOut().status() + " " + answerFields(r.fanOut().body())));
            rows.add(new Row("last order at its venue at", duration(s.toLastAtVenue())));
            rows.add(new Row("orders of subscribers over their limits", String.valueOf(r.fanOut().ordersOfLimitedSubscribers())));
        }
        for (Map.Entry<String, LoadStats.PhaseNumbers> e : s.phases().entrySet()) {
            String p = e.getKey();
            LoadStats.PhaseNumbers n = e.getValue();
            if (r.plan().scenario() != Scenario.FAN_OUT) {
                rows.add(new Row(p + ": trades/min (its first signal to its last fill)", perMinute(n.tradesPerMinute())));
                rows.add(new Row(p + ": signal->ack p50 / p99 / p99.9", percentiles(n.ack())));
            }
            rows.add(new Row(p + ": signal->fill p50 / p99 / p99.9 (client)", percentiles(n.fillClient())));
            rows.add(new Row(p + ": signal->fill p50 / p99 / p99.9 (service)", percentiles(n.fillService())));
        }
        if (r.plan().scenario() == Scenario.ISOLATION) {
            rows.add(new Row("flood orders still working at the end", String.valueOf(s.orders() - s.finals())));
            rows.add(new Row("flood raised the quiet user's p99 signal->fill (service) by", raise(s, LatencyRecorder.Summary::p99, false)));
            rows.add(new Row("flood raised the quiet user's p99 signal->fill (client) by", raise(s, LatencyRecorder.Summary::p99, true)));
        }
        long[] heaps = s.heapPeakBytes();
        for (int i = 0; i < heaps.length; i++) {
            rows.add(new Row(heaps.length == 1 ? "peak heap used" : "peak heap used, instance " + (i + 1), mib(heaps[i])));
        }
        if (s.firstRefusal() != null) {
            rows.add(new Row("first refusal", abbreviate(s.firstRefusal(), 80)));
        }
        if (r.timedOut()) {
            rows.add(new Row("stopped waiting", (s.orders() - s.finals()) + " orders not final (the timeout of "
                    + r.plan().timeout().toSeconds() + " s, or 30 s without a new final state)"));
        }
        return rows;
    }

    private static String raise(LoadStats.Snapshot s, java.util.function.Function<LatencyRecorder.Summary, Duration> at,
                                boolean client) {
        LoadStats.PhaseNumbers quiet = s.phases().get(LoadPlan.PHASE_QUIET);
        LoadStats.PhaseNumbers flooded = s.phases().get(LoadPlan.PHASE_FLOODED);
        if (quiet == null || flooded == null) {
            return "-";
        }
        Duration q = at.apply(client ? quiet.fillClient() : quiet.fillService());
        Duration f = at.apply(client ? flooded.fillClient() : flooded.fillService());
        if (q == null || f == null) {
            return "-";
        }
        Duration d = f.minus(q);
        return (d.isNegative() ? "-" + duration(d.negated()) : duration(d));
    }

    private static final java.util.regex.Pattern ANSWER_FIELD =
            java.util.regex.Pattern.compile("\"(fan_out|subscribers|alert_id)\":\"?([^\",}]*)");

    /** The fan-out answer's fan_out, subscribers and alert_id (the whole body is too long for a table). */
    static String answerFields(String body) {
        if (body == null) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        java.util.regex.Matcher m = ANSWER_FIELD.matcher(body);
        while (m.find()) {
            s.append(s.isEmpty() ? "" : ", ").append(m.group(1)).append('=').append(m.group(2));
        }
        return s.isEmpty() ? abbreviate(body, 60) : s.toString();
    }

    public static String percentiles(LatencyRecorder.Summary s) {
        if (s.count() == 0) {
            return "-";
        }
        return duration(s.p50()) + " / " + duration(s.p99()) + " / " + duration(s.p999()) + " (n=" + s.count() + ")";
    }

    /** Milliseconds to a tenth below a second (a hundredth below 10 ms), seconds to a hundredth above. */
    public static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        double ms = d.toNanos() / 1e6;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        return ms < 1000 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    public static String perMinute(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    static String mib(long bytes) {
        return bytes <= 0 ? "-" : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String one = s.replace('\n', ' ');
        return one.length() > max ? one.substring(0, max) + "…" : one;
    }
}
