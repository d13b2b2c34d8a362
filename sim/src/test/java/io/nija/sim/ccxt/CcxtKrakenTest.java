package io.nija.sim.ccxt;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.time.SystemClock;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.OrderView;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.market.SeededMarkets;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ccxt's kraken class against the simulator's Kraken dialect. */
class CcxtKrakenTest {
    @Test
    void ccxtTradesOnTheSimulatedKraken() throws Exception {
        SimulatedExchanges sim = new SimulatedExchanges(new SystemClock(), 9, List.of(SeededMarkets.venue("kraken")),
                Sleeper.threadSleep());
        try (SimHttpServer server = SimHttpServer.start(sim, 0)) {
            String key = "ccxtKrakenKey0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef";
            // A Kraken private key is base64; its signature HMACs with the decoded bytes.
            byte[] raw = new byte[64];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) (i * 7 + 3);
            }
            String secret = Base64.getEncoder().encodeToString(raw);
            sim.createAccount("kraken", key, secret, null, Map.of("USD", new BigDecimal("100000"), "BTC", new BigDecimal("1")));
            CcxtRunner.Result r = CcxtRunner.check("kraken", server.baseUrl("kraken"), key, secret, null);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("PASS kraken");
            List<OrderView> orders = sim.engine("kraken").acceptedOrders();
            assertThat(orders).hasSize(2);
        }
    }
}
