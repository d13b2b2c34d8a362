package io.nija.server.cli.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A table of several columns for a terminal: a header, a rule, one line per row, numbers right-aligned. Plain ASCII
 * so it reads the same in a terminal, a pipe or a log.
 */
public final class TextTable {
    private final List<String> headers;
    private final Set<Integer> numeric;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param numericColumns indexes of the columns to right-align (amounts, quantities) */
    public TextTable(List<String> headers, Set<Integer> numericColumns) {
        this.headers = List.copyOf(headers);
        this.numeric = Set.copyOf(numericColumns);
    }

    public TextTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size() + " columns");
        }
        rows.add(cells.stream().map(c -> c == null || c.isEmpty() ? "-" : c).toList());
        return this;
    }

    public int size() {
        return rows.size();
    }

    public void print(PrintWriter out, String whenEmpty) {
        if (rows.isEmpty()) {
            out.println(whenEmpty);
            out.flush();
            return;
        }
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        out.println(line(headers, width));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.println(rule);
        rows.forEach(r -> out.println(line(r, width)));
        out.flush();
    }

    private String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            b.append(i == 0 ? "" : "  ").append(numeric.contains(i) ? pad + c : (i == cells.size() - 1 ? c : c + pad));
        }
        return b.toString();
    }
}
