package io.nija.server.logging;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The correlation id that ties a request, the signal it posted, that signal's orders and every event about them
 * together in the logs. The HTTP layer takes it from an incoming {@value #HEADER} header (or makes a new one), puts it
 * in the MDC as {@value #MDC_KEY} and returns it in the response. A signal posted by that request is bound to it
 * ({@link #bindSignal}); order events and their log lines then carry it. A signal nobody bound (an alert's fan-out,
 * or one from before a restart) is correlated by its own signal id.
 */
public final class Correlation {
    public static final String HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlation_id";
    /** What a caller may send: short, and safe to echo in a header and a log line. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    private static final int REMEMBERED_SIGNALS = 100_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> BY_SIGNAL = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_SIGNALS;
        }
    };

    private Correlation() {
    }

    /** The caller's id when it is acceptable, else a new one ("cor_" and 20 hex digits). */
    public static String fromHeader(String header) {
        if (header != null) {
            String h = header.trim();
            if (VALID.matcher(h).matches()) {
                return h;
            }
        }
        return newId();
    }

    public static String newId() {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        return "cor_" + HexFormat.of().formatHex(b);
    }

    /** The current thread's correlation id, or null. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /** The task, run with the current thread's correlation id in its own thread's MDC (for work handed to a pool). */
    public static <T> java.util.concurrent.Callable<T> carrying(java.util.concurrent.Callable<T> task) {
        String id = current();
        if (id == null) {
            return task;
        }
        return () -> {
            MDC.put(MDC_KEY, id);
            try {
                return task.call();
            } finally {
                MDC.remove(MDC_KEY);
            }
        };
    }

    /** Binds a signal about to be submitted to the current thread's correlation id, if there is one. */
    public static void bindSignal(String signalId) {
        String id = current();
        if (id != null && signalId != null) {
            synchronized (BY_SIGNAL) {
                BY_SIGNAL.put(signalId, id);
            }
        }
    }

    /** The correlation id of a signal's orders and events: the request's that posted it, else the signal id. */
    public static String ofSignal(String signalId) {
        synchronized (BY_SIGNAL) {
            String id = BY_SIGNAL.get(signalId);
            return id != null ? id : signalId;
        }
    }
}
