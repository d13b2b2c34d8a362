package io.nija.server.venues;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The Kraken adapter against the simulator's Kraken dialect. */
class KrakenContractTest extends VenueContractSuite {
    @Override
    protected String venue() {
        return "kraken";
    }

    /**
     * Kraken refuses a nonce that is not larger than the last one the key used ("EAPI:Invalid nonce"), so calls of one
     * key that run at once must reach Kraken in nonce order; none of them may fail for it.
     */
    @Test
    void concurrentCallsOfOneKeyKeepTheirNoncesInOrder() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(pool.submit(() -> adapter.balances(account)));
            }
            for (Future<?> f : calls) {
                assertThat(f.get()).isNotNull();
            }
        }
    }
}
