package io.nija.core.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Ids sort by creation time and never repeat. */
class IdsProperties {
    static final Instant T0 = Instant.parse("2025-01-06T12:00:00Z");

    @Property(seed = "7001")
    void idsSortInTheOrderTheyWereMade(@ForAll @Size(min = 2, max = 200) List<@IntRange(min = 0, max = 100_000) Integer> stepsMillis,
                                       @ForAll long seed) {
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
    }

    @Example
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

    @Example
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

    @Example
    void theSameSeedRepeatsTheSameIds() {
        Ids a = new Ids(new ManualClock(T0), 42);
        Ids b = new Ids(new ManualClock(T0), 42);
        assertThat(a.next("x")).isEqualTo(b.next("x"));
    }
}
