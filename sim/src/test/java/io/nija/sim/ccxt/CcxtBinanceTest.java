package io.nija.sim.ccxt;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.time.SystemClock;
import io.nija.sim.SimulatedExchanges;
import io.nija.sim.engine.OrderView;
import io.nija.sim.http.SimHttpServer;
import io.nija.sim.market.SeededMarkets;
import io.nija.sim.fault.Sleeper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ccxt's binance class against the simulator's Binance dialect. */
class CcxtBinanceTest {
    @Test
    void ccxtTradesOnTheSimulatedBinance() throws Exception {
        SimulatedExchanges sim = new SimulatedExchanges(new SystemClock(), 9, List.of(SeededMarkets.venue("binance")),
                Sleeper.threadSleep());
        try (SimHttpServer server = SimHttpServer.start(sim, 0)) {
            String key = "ccxtBinanceKey0123456789";
            String secret = "ccxtBinanceSecret0123456789abcdef";
            sim.createAccount("binance", key, secret, null,
                    Map.of("USDT", new BigDecimal("100000"), "BTC", new BigDecimal("1")));
            CcxtRunner.Result r = CcxtRunner.check("binance", server.baseUrl("binance"), key, secret, null);
            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(r.output()).contains("PASS binance");
            List<OrderView> orders = sim.engine("binance").acceptedOrders();
            assertThat(orders).hasSize(2);
            assertThat(orders.get(0).clientOrderId()).as("ccxt sends its own client order id").isNotBlank();
        }
    }
}
