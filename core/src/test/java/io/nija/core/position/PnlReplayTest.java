package io.nija.core.position;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Fill;
import io.nija.core.order.Liquidity;
import io.nija.core.signal.Side;
import io.nija.core.store.UserFill;
import io.nija.core.testing.Markets;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PnlReplayTest {
    final Instrument btc = Markets.btcUsd("binance");

    private UserFill fill(String id, Side side, String qty, String price, String fee, String at) {
        return new UserFill("o-" + id, side, btc, new Fill(id, "binance", new BigDecimal(qty), new BigDecimal(price),
                new BigDecimal(fee), "USD", Liquidity.TAKER, Instant.parse(at)));
    }

    @Test
    void realizedAndFeesFallOnTheirDayAndOpenPositionsAreMarkedAtTheLastFillThenTheCurrentMid() {
        List<UserFill> fills = List.of(
                fill("1", Side.BUY, "1", "100", "0.1", "2026-03-01T10:00:00Z"),
                fill("2", Side.BUY, "1", "110", "0.1", "2026-03-01T23:59:59Z"),
                fill("3", Side.SELL, "1", "120", "0.2", "2026-03-03T00:00:00Z"));
        List<DailyPnl> days = PnlReplay.byDay(fills, LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-04"),
                LocalDate.parse("2026-03-04"), (v, p) -> new BigDecimal("130"));

        assertThat(days).extracting(DailyPnl::day).containsExactly(LocalDate.parse("2026-03-01"),
                LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-03"), LocalDate.parse("2026-03-04"));
        DailyPnl d1 = days.get(0);
        assertThat(d1.realizedPnl()).isEqualByComparingTo("-0.2"); // fees only
        assertThat(d1.fees()).isEqualByComparingTo("0.2");
        assertThat(d1.unrealizedPnl()).isEqualByComparingTo("10"); // 2 at avg 105, last fill 110
        assertThat(d1.equity()).isEqualByComparingTo("9.8");
        assertThat(days.get(1).realizedPnl()).isZero();
        assertThat(days.get(1).equity()).isEqualByComparingTo("9.8");
        DailyPnl d3 = days.get(2);
        assertThat(d3.realizedPnl()).isEqualByComparingTo("14.8"); // 1 × (120 − 105) − 0.2
        assertThat(d3.unrealizedPnl()).isEqualByComparingTo("15"); // 1 left at 105, last fill 120
        DailyPnl today = days.get(3);
        assertThat(today.markSource()).isEqualTo("current_mid");
        assertThat(today.unrealizedPnl()).isEqualByComparingTo("25");
        assertThat(today.equity()).isEqualByComparingTo("39.6"); // −0.2 + 14.8 + 25
    }

    @Test
    void fillsBeforeTheWindowStillCountTowardsEquity() {
        List<UserFill> fills = List.of(
                fill("1", Side.BUY, "1", "100", "0", "2026-03-01T10:00:00Z"),
                fill("2", Side.SELL, "1", "110", "0", "2026-03-02T10:00:00Z"));
        List<DailyPnl> days = PnlReplay.byDay(fills, LocalDate.parse("2026-03-05"), LocalDate.parse("2026-03-05"),
                LocalDate.parse("2026-03-09"), (v, p) -> null);
        assertThat(days).singleElement().satisfies(d -> {
            assertThat(d.realizedPnl()).isZero();
            assertThat(d.equity()).isEqualByComparingTo("10");
            assertThat(d.markSource()).isEqualTo("last_fill");
        });
    }
}
