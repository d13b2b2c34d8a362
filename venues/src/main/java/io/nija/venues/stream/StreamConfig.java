package io.nija.venues.stream;

import java.time.Duration;

/**
 * Tunables of the private streams.
 *
 * @param reconnectMin   first wait before reconnecting after a stream dropped (doubles per failed attempt)
 * @param reconnectMax   longest wait between reconnect attempts
 * @param silenceLimit   a stream with no frame at all (not even a heartbeat) for this long is reconnected
 * @param keepAliveEvery how often the venue's keep-alive runs (Binance listen keys expire after 60 minutes)
 */
public record StreamConfig(Duration reconnectMin, Duration reconnectMax, Duration silenceLimit, Duration keepAliveEvery) {
    public static StreamConfig defaults() {
        return new StreamConfig(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(90),
                Duration.ofMinutes(30));
    }
}
