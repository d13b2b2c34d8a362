package io.nija.server.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A two-column table of measures, drawn with plain ASCII so it reads the same in a terminal, a log or CI. */
final class SummaryTable {
    private final String title;
    private final List<String[]> rows = new ArrayList<>();

    SummaryTable(String title) {
        this.title = title;
    }

    SummaryTable row(String measure, Object value) {
        rows.add(new String[] {measure, String.valueOf(value)});
        return this;
    }

    void print(PrintWriter out) {
        int a = "measure".length();
        int b = "value".length();
        for (String[] r : rows) {
            a = Math.max(a, r[0].length());
            b = Math.max(b, r[1].length());
        }
        String rule = "+" + "-".repeat(a + 2) + "+" + "-".repeat(b + 2) + "+";
        out.println(title);
        out.println(rule);
        out.println(line("measure", a, "value", b, false));
        out.println(rule);
        for (String[] r : rows) {
            out.println(line(r[0], a, r[1], b, true));
        }
        out.println(rule);
        out.flush();
    }

    private static String line(String left, int a, String right, int b, boolean alignRight) {
        return "| " + pad(left, a, false) + " | " + pad(right, b, alignRight) + " |";
    }

    private static String pad(String s, int width, boolean right) {
        String space = " ".repeat(width - s.length());
        return right ? space + s : s + space;
    }

    static String duration(Duration d) {
        if (d == null) {
            return "-";
        }
        double ms = d.toNanos() / 1e6;
        return ms < 1000 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    /** Nearest-rank percentile of sorted durations; null when there are none. */
    static Duration percentile(List<Duration> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
    }
}
