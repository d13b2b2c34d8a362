package io.nija.sim.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests reached one simulated venue since the simulator started, per request name: "METHOD /path"
 * for HTTP (the path as sent, without the query string), the port method's name ("placeOrder", "queryOrder")
 * for the in-process venue. Lets a test assert how hard a router polls a venue.
 */
public final class RequestCounts {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void record(String request) {
        counts.computeIfAbsent(request, k -> new LongAdder()).increment();
    }

    /** A snapshot, sorted by request name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The count of one request name (0 if never seen). */
    public long count(String request) {
        LongAdder a = counts.get(request);
        return a == null ? 0 : a.sum();
    }
}
