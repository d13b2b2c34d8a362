package io.nija.venues.stream;

import java.time.Duration;

/**
 * Tunables of the streams.
 *
 * @param reconnectMin   first wait before reconnecting after a stream dropped (doubles per failed attempt)
 * @param reconnectMax   longest wait between reconnect attempts
 * @param silenceLimit   a stream with no frame at all (not even a heartbeat) for this long is reconnected
 * @param keepAliveEvery how often the venue's keep-alive runs (Binance listen keys expire after 60 minutes)
 * @param idleAfter      a stream nobody asked for this long is closed: a private stream whose key has no order the
 *                       engine follows (it asks about the stream at every follow-up of a resting order, at least
 *                       every safety interval), a book nobody routed on
 * @param bookStaleAfter a book stream that applied no update for this long while its heartbeats go on is not offered
 *                       to routing (which then reads the book by REST); if REST shows a book the stream does not have,
 *                       the stream resyncs
 */
public record StreamConfig(Duration reconnectMin, Duration reconnectMax, Duration silenceLimit, Duration keepAliveEvery,
                           Duration idleAfter, Duration bookStaleAfter) {
    public StreamConfig(Duration reconnectMin, Duration reconnectMax, Duration silenceLimit, Duration keepAliveEvery) {
        this(reconnectMin, reconnectMax, silenceLimit, keepAliveEvery, Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    public static StreamConfig defaults() {
        return new StreamConfig(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(90),
                Duration.ofMinutes(30));
    }

    public StreamConfig withIdleAfter(Duration d) {
        return new StreamConfig(reconnectMin, reconnectMax, silenceLimit, keepAliveEvery, d, bookStaleAfter);
    }

    public StreamConfig withBookStaleAfter(Duration d) {
        return new StreamConfig(reconnectMin, reconnectMax, silenceLimit, keepAliveEvery, idleAfter, d);
    }
}
