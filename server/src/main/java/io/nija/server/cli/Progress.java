package io.nija.server.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long command: on a terminal a bar redrawn in place (at most ten times a second); otherwise (a pipe,
 * a file, CI) a plain line every tenth of the way or every five seconds, whichever comes first.
 */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final boolean terminal;
    private final String label;
    private final long total;
    private final long started;
    private long lastDraw;
    private long lastPlainDone = -1;
    private long lastPlainAt;
    private boolean finished;

    Progress(PrintWriter out, boolean terminal, String label, long total) {
        this(out, terminal, label, total, System.nanoTime());
    }

    /**
     * Timed from {@code startedNanos} (System.nanoTime()): a phase that the final table times from an earlier start
     * shows the same clock, so "after 9.3 s" on the last line and "elapsed 9.3 s" in the table agree.
     */
    Progress(PrintWriter out, boolean terminal, String label, long total, long startedNanos) {
        this.started = startedNanos;
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = Math.max(total, 1);
    }

    /** True when the JVM talks to a terminal (System.console(), and on JDK 22+ Console.isTerminal()). */
    static boolean onTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;   // JDK 21: a console exists only on a terminal
        }
    }

    synchronized void update(long done, String detail) {
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        if (terminal) {
            if (done < total && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                    + String.format(Locale.ROOT, "%d/%d %3d%% %6.1f s", done, total, done * 100 / total, seconds())
                    + (detail == null ? "" : "  " + detail) + "\u001b[K");
            out.flush();
        } else {
            boolean step = lastPlainDone < 0 || done * 10 / total > lastPlainDone * 10 / total;
            if (done != lastPlainDone && (step || now - lastPlainAt > 5_000_000_000L || done >= total)) {
                lastPlainDone = done;
                lastPlainAt = now;
                out.println(String.format(Locale.ROOT, "%s: %d/%d (%d%%) after %.1f s", label, done, total,
                        done * 100 / total, seconds()) + (detail == null ? "" : ", " + detail));
                out.flush();
            }
        }
    }

    synchronized void finish(long done, String detail) {
        if (finished) {
            return;
        }
        lastDraw = 0;
        update(done, detail);
        finished = true;
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
