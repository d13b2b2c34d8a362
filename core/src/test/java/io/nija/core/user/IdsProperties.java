package io.nija.core.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.testing.Cases;
import io.nija.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Ids sort by creation time and never repeat. */
class IdsProperties {
    static final Instant T0 = Instant.parse("2025-01-06T12:00:00Z");

    static LongStream seeds7001() {
        return Cases.seeds(7001, 1000);
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds7001")
    void idsSortInTheOrderTheyWereMade(long caseSeed) {
        Cases.Gen g = new Cases.Gen(caseSeed);
        List<Integer> stepsMillis = g.listOf(2, 200, x -> x.intBetween(0, 100_000));
        long seed = g.anyLong();
        Cases.check(caseSeed, "seed " + seed + ", steps " + stepsMillis, () -> {
            ManualClock clock = new ManualClock(T0);
            Ids ids = new Ids(clock, seed);
            List<String> made = new ArrayList<>();
            for (int step : stepsMillis) {
                clock.advance(Duration.ofMillis(step));
                made.add(ids.next("ord"));
            }
            List<String> sorted = new ArrayList<>(made);
            sorted.sort(null);
            assertThat(sorted).containsExactlyElementsOf(made);
            assertThat(new HashSet<>(made)).hasSize(made.size());
            assertThat(made).allSatisfy(id -> assertThat(id).matches("ord_[0-9a-hjkmnp-tv-z]{20}"));
        });
    }

    @Test
    void laterTimeSortsAfterEvenWithASmallerSequenceOrAnotherSeed() {
        ManualClock clock = new ManualClock(T0);
        Ids a = new Ids(clock, 1);
        Ids b = new Ids(clock, 2);
        for (int i = 0; i < 1000; i++) {
            a.next("sig");
        }
        String early = a.next("sig");
        clock.advance(Duration.ofMillis(1));
        String late = b.next("sig");
        assertThat(late).isGreaterThan(early);
    }

    @Test
    void twoGeneratorsWithDifferentSeedsDoNotCollideAtTheSameInstant() {
        ManualClock clock = new ManualClock(T0);
        Ids a = new Ids(clock, 1);
        Ids b = new Ids(clock, 2);
        HashSet<String> all = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            all.add(a.next("ord"));
            all.add(b.next("ord"));
        }
        assertThat(all).hasSize(2000);
    }

    @Test
    void theSameSeedRepeatsTheSameIds() {
        Ids a = new Ids(new ManualClock(T0), 42);
        Ids b = new Ids(new ManualClock(T0), 42);
        assertThat(a.next("x")).isEqualTo(b.next("x"));
    }
}
