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

/** ccxt's bybit class (unified account, spot) against the simulator's Bybit dialect. */
class CcxtBybitTest {
    @Test
    void ccxtTradesOnTheSimulatedBybit() throws Exception {
        SimulatedExchanges sim = new SimulatedExchanges(new SystemClock(), 9, List.of(SeededMarkets.venue("bybit")),
                Sleeper.threadSleep());
        try (SimHttpServer server = SimHttpServer.start(sim, 0)) {
            String key = "CcxtBybitKey012345";
            String secret = "CcxtBybitSecret0123456789abcdefghijk";
            sim.createAccount("bybit", key, secret, null,
                    Map.of("USDT", new BigDecimal("100000"), "BTC", new BigDecimal("1")));
            CcxtRunner.Result r = CcxtRunner.check("bybit", server.baseUrl("bybit"), key, secret, null);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("PASS bybit");
            List<OrderView> orders = sim.engine("bybit").acceptedOrders();
            assertThat(orders).hasSize(2);
            assertThat(orders.get(0).clientOrderId()).as("ccxt sends its own orderLinkId").isNotBlank();
            // ccxt sizes the market buy in base coin (marketUnit=baseCoin), so the engine saw a base quantity.
            assertThat(orders.get(1).quantity()).isEqualByComparingTo("0.002");
        }
    }
}
