package io.nija.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyJitterTest {

    @Test
    void latencyIsDrawnUniformlyBetweenLatencyAndLatencyPlusJitterAndRepeatsForTheSameSeed() {
        List<Duration> a = sleeps(11);
        List<Duration> b = sleeps(11);
        assertThat(a).isEqualTo(b);
        assertThat(a).allSatisfy(d -> assertThat(d.toMillis()).isBetween(100L, 150L));
        assertThat(a.stream().distinct().count()).isGreaterThan(20); // it really varies
        assertThat(a.stream().mapToLong(Duration::toMillis).min().orElseThrow()).isLessThan(105);
        assertThat(a.stream().mapToLong(Duration::toMillis).max().orElseThrow()).isGreaterThan(145);
        assertThat(sleeps(12)).isNotEqualTo(a);
    }

    @Test
    void jitterDoesNotShiftTheOtherFaultsDraws() {
        FaultInjector plain = new FaultInjector(5, Sleeper.none());
        FaultInjector jittery = new FaultInjector(5, Sleeper.none());
        plain.set(SimFaults.NONE.withHttp5xxRate(0.3));
        jittery.set(SimFaults.NONE.withHttp5xxRate(0.3).withLatencyJitterMs(40));
        for (int i = 0; i < 200; i++) {
            assertThat(jittery.beforeCall()).isEqualTo(plain.beforeCall());
        }
    }

    @Test
    void durationsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> SimFaults.NONE.withLatencyJitterMs(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimFaults.NONE.withVisibilityLagMs(600_001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Duration> sleeps(long seed) {
        List<Duration> slept = new ArrayList<>();
        FaultInjector injector = new FaultInjector(seed, slept::add);
        injector.set(SimFaults.NONE.withLatencyMs(100).withLatencyJitterMs(50));
        for (int i = 0; i < 500; i++) {
            injector.beforeCall();
        }
        return slept;
    }
}
