package io.nija.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.venues.stream.StreamStats;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The stream gauges read suppliers made only for them. Micrometer holds a gauge's object weakly unless told
 * otherwise, so once a garbage collection took those suppliers every scrape said NaN (seen on a running
 * `serve --with-sim`: `nija_stream_up{broker="okx",stream="orders"} NaN` while the stream was up).
 */
class StreamGaugesTest {
    @Test
    void streamGaugesStillReadTheirStreamsAfterAGarbageCollection() throws Exception {
        RouterMetrics metrics = new RouterMetrics();
        AtomicInteger up = new AtomicInteger(1);
        metrics.streamMeters("okx", "orders", () -> up.get(), () -> 2.5, new StreamStats());
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        String scrape = metrics.scrape();
        assertThat(scrape).contains("nija_stream_up{broker=\"okx\",stream=\"orders\"} 1.0")
                .contains("nija_stream_message_age_seconds{broker=\"okx\",stream=\"orders\"} 2.5");
    }
}
