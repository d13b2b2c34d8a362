package io.nija.venues.stream;

import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The streams a supervisor holds open, by key (an API key's private stream, a pair's book), with when each was last
 * asked for: opened on the first question, closed by a sweep every half {@link StreamConfig#idleAfter} once nobody has
 * asked for that long, and opened again by the next question. One place for both supervisors, so a private stream and
 * a book stream go idle by the same rule.
 */
final class OpenStreams<K, S> {
    private final Map<K, S> streams = new ConcurrentHashMap<>();
    private final Map<K, Instant> wanted = new ConcurrentHashMap<>();
    private final Scheduler scheduler;
    private final Clock clock;
    private final StreamConfig config;
    private final Consumer<S> closeIdle;
    private volatile boolean closed;

    /** {@code closeIdle}: how a stream nobody asks for is closed (a private stream may say goodbye differently). */
    OpenStreams(Scheduler scheduler, Clock clock, StreamConfig config, Consumer<S> closeIdle) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.config = config;
        this.closeIdle = closeIdle;
        scheduleSweep();
    }

    /** The stream for {@code key}, made by {@code open} and then {@code start}ed when there was none; marks it asked for. */
    S want(K key, Function<K, S> open, Consumer<S> start) {
        boolean[] created = new boolean[1];
        wanted.put(key, clock.now());
        S s = streams.computeIfAbsent(key, k -> {
            created[0] = true;
            return open.apply(k);
        });
        if (created[0]) {
            start.accept(s); // outside computeIfAbsent: starting connects, which must not hold the map's bin lock
        }
        return s;
    }

    /** The open stream for {@code key}, without asking for it (null when none is open). */
    S peek(K key) {
        return streams.get(key);
    }

    Map<K, S> all() {
        return streams;
    }

    private void scheduleSweep() {
        scheduler.schedule(config.idleAfter().dividedBy(2), () -> {
            if (!closed) {
                closeIdle();
                scheduleSweep();
            }
        });
    }

    /** Closes the streams nobody asked for during {@link StreamConfig#idleAfter}. */
    void closeIdle() {
        Instant cutoff = clock.now().minus(config.idleAfter());
        for (Map.Entry<K, S> e : streams.entrySet()) {
            Instant last = wanted.get(e.getKey());
            if (last != null && last.isBefore(cutoff) && streams.remove(e.getKey(), e.getValue())) {
                wanted.remove(e.getKey(), last);
                closeIdle.accept(e.getValue());
            }
        }
    }

    /** Stops the sweep and closes every stream with {@code close}. */
    void closeAll(Consumer<S> close) {
        closed = true;
        streams.values().forEach(close);
        streams.clear();
    }
}
