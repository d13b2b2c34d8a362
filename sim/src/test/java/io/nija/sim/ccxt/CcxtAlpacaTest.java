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

/** ccxt's alpaca class (trading and market-data URLs on the one listener) against the simulator's Alpaca dialect. */
class CcxtAlpacaTest {
    @Test
    void ccxtTradesOnTheSimulatedAlpaca() throws Exception {
        SimulatedExchanges sim = new SimulatedExchanges(new SystemClock(), 9, List.of(SeededMarkets.venue("alpaca")),
                Sleeper.threadSleep());
        try (SimHttpServer server = SimHttpServer.start(sim, 0)) {
            String key = "PKCCXTALPACA0000001";
            String secret = "CcxtAlpacaSecret0123456789abcdefghijklmn";
            sim.createAccount("alpaca", key, secret, null,
                    Map.of("USD", new BigDecimal("100000"), "BTC", new BigDecimal("1")));
            CcxtRunner.Result r = CcxtRunner.check("alpaca", server.baseUrl("alpaca"), key, secret, null);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("PASS alpaca");
            List<OrderView> orders = sim.engine("alpaca").acceptedOrders();
            assertThat(orders).hasSize(2);
            assertThat(orders.get(0).clientOrderId()).as("ccxt sends its own client_order_id").isNotBlank();
        }
    }
}
