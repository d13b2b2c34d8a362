package io.nija.sim.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.signal.Side;
import io.nija.sim.engine.EngineCommand;
import io.nija.sim.engine.NewOrder;
import io.nija.sim.engine.StopTrigger;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A native stop's trigger is journaled with its order, so a replay rebuilds a waiting stop as a waiting stop. */
class StopJournalTest {
    private final JournalCodec codec = new JournalCodec();

    @Test
    void aStopLimitsTriggerSurvivesTheJournal() {
        NewOrder stop = NewOrder.stopLimit("BTCUSDT", "sl-1", Side.SELL, new BigDecimal("0.5"), new BigDecimal("58500"),
                StopTrigger.stopLoss(Side.SELL, new BigDecimal("59500")));
        EngineCommand.Place place = new EngineCommand.Place(Instant.parse("2026-12-07T10:00:00Z"), "key", stop);
        var back = (EngineCommand.Place) codec.decode(codec.encode("binance", place)).command();
        assertThat(back.order().trigger()).isEqualTo(new StopTrigger(new BigDecimal("59500"), false));
        assertThat(back.order().limitPrice()).isEqualByComparingTo("58500");

        NewOrder plain = NewOrder.limit("BTCUSDT", "l-1", Side.BUY, new BigDecimal("1"), new BigDecimal("60000"));
        var plainBack = (EngineCommand.Place) codec.decode(codec.encode("binance",
                new EngineCommand.Place(Instant.parse("2026-12-07T10:00:00Z"), "key", plain))).command();
        assertThat(plainBack.order().trigger()).isNull();
    }
}
