package io.nija.sim.ccxt;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.time.SystemClock;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.OrderView;
import io.nija.sim.fault.Sleeper;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.market.SeededMarkets;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ccxt's okx class against the simulator's OKX dialect (signed with ccxt's own OK-ACCESS-SIGN code). */
class CcxtOkxTest {
    @Test
    void ccxtTradesOnTheSimulatedOkx() throws Exception {
        SimulatedExchanges sim = new SimulatedExchanges(new SystemClock(), 9, List.of(SeededMarkets.venue("okx")),
                Sleeper.threadSleep());
        try (SimHttpServer server = SimHttpServer.start(sim, 0)) {
            String key = "6f1d3b2a-9c4e-4f7a-8b1d-0a2b3c4d5e6f";
            String secret = "3A5F0C1E9B7D2468ACE013579BDF2468";
            String passphrase = "CcxtPass123";
            sim.createAccount("okx", key, secret, passphrase,
                    Map.of("USDT", new BigDecimal("100000"), "BTC", new BigDecimal("1")));
            CcxtRunner.Result r = CcxtRunner.check("okx", server.baseUrl("okx"), key, secret, passphrase);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("PASS okx");
            List<OrderView> orders = sim.engine("okx").acceptedOrders();
            assertThat(orders).hasSize(2);
            assertThat(orders.get(0).clientOrderId()).as("ccxt sends its own clOrdId").isNotBlank();
        }
    }
}
