package io.nija.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.instrument.Pair;
import io.nija.core.time.ManualClock;
import io.nija.core.user.Ids;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntryTermsValidationTest {
    final SignalValidator validator = new SignalValidator(() -> Set.of(Pair.parse("BTC-USD")));
    final Ids ids = new Ids(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")), 1);

    private TradeSignal validate(String side, String type, String limit, String tif, String tp, String sl) {
        return validator.validate(new SignalRequest("u1", "BTC-USD", side, "100", type, null, null, null, null,
                limit, tif, tp, sl), ids, Instant.EPOCH);
    }

    @Test
    void anEntryCarriesItsLimitPriceTimeInForceAndBracket() {
        TradeSignal s = validate("buy", "entry", "49000.50", "30", "52000", "47000");
        assertThat(s.terms()).isEqualTo(new EntryTerms(new java.math.BigDecimal("49000.5"), 30,
                new java.math.BigDecimal("52000"), new java.math.BigDecimal("47000")));
        assertThat(validate("buy", "entry", null, null, null, null).terms()).isEqualTo(EntryTerms.NONE);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "buy,entry,0,-,-,-,invalid_limit_price",
            "buy,entry,-5,-,-,-,invalid_limit_price",
            "buy,entry,abc,-,-,-,invalid_limit_price",
            "buy,entry,1e30,-,-,-,invalid_limit_price",
            "buy,entry,49000,0,-,-,invalid_time_in_force",
            "buy,entry,49000,1.5,-,-,invalid_time_in_force",
            "buy,entry,49000,86401,-,-,invalid_time_in_force",
            "buy,entry,49000,1e12,-,-,invalid_time_in_force",
            "buy,entry,-,30,-,-,invalid_time_in_force",
            "sell,exit,49000,-,-,-,invalid_limit_price",
            "sell,exit,-,-,52000,-,invalid_bracket",
            "buy,entry,-,-,-1,-,invalid_take_profit",
            "buy,entry,-,-,-,0,invalid_stop_loss",
            "buy,entry,-,-,47000,52000,invalid_bracket",
            "sell,entry,-,-,52000,47000,invalid_bracket",
            "buy,entry,49000,-,48000,-,invalid_bracket",
            "buy,entry,49000,-,-,49500,invalid_bracket",
            "sell,entry,49000,-,-,48000,invalid_bracket",
    })
    void badTermsAreRefusedEachWithItsOwnCode(String side, String type, String limit, String tif, String tp, String sl,
                                              String code) {
        assertThatThrownBy(() -> validate(side, type, limit, tif, tp, sl))
                .isInstanceOfSatisfying(SignalRejectedException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
