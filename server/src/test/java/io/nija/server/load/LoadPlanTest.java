package io.nija.server.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each scenario's schedule, as numbers: who sends what, when, where, through which pool, in which phase. */
class LoadPlanTest {
    @Test
    void aBurstSendsEveryUsersSignalsAtOnceRoundRobin() {
        LoadPlan p = LoadPlan.defaults(Scenario.BURST).withUsers(5).withSignalsPerUser(3);
        List<LoadPlan.Shot> shots = p.shots();
        assertThat(shots).hasSize(15).allSatisfy(s -> {
            assertThat(s.atNanos()).isZero();
            assertThat(s.target()).isZero();
            assertThat(s.pool()).isEqualTo(LoadPlan.MAIN);
            assertThat(s.phase()).isEqualTo(LoadPlan.PHASE_BURST);
        });
        assertThat(perUser(shots)).containsOnlyKeys(0, 1, 2, 3, 4).allSatisfy((u, n) -> assertThat(n).isEqualTo(3L));
        assertThat(p.signalsOfBusiestUser()).isEqualTo(3);
        assertThat(p.measuredPhases()).containsExactly(LoadPlan.PHASE_BURST);
    }

    @Test
    void steadyLoadIsEvenlySpacedAfterAnUnmeasuredWarmUp() {
        LoadPlan p = LoadPlan.defaults(Scenario.STEADY).withUsers(10).withRate(100, Duration.ofSeconds(3), Duration.ofSeconds(1));
        List<LoadPlan.Shot> shots = p.shots();
        assertThat(shots).hasSize(400);
        assertThat(shots.stream().filter(s -> s.phase().equals(LoadPlan.PHASE_WARMUP))).hasSize(100)
                .allSatisfy(s -> assertThat(s.atNanos()).isLessThan(1_000_000_000L));
        assertThat(shots.stream().filter(s -> s.phase().equals(LoadPlan.PHASE_STEADY))).hasSize(300)
                .allSatisfy(s -> assertThat(s.atNanos()).isGreaterThanOrEqualTo(1_000_000_000L));
        for (int i = 0; i < shots.size(); i++) {
            assertThat(shots.get(i).atNanos()).isEqualTo(i * 10_000_000L);
        }
        assertThat(perUser(shots).values()).containsOnly(40L);
        assertThat(p.measuredPhases()).containsExactly(LoadPlan.PHASE_STEADY);
        // The design's target: 50 000 trades a minute is what the default rate sends.
        assertThat(LoadPlan.defaults(Scenario.STEADY).rate() * 60).isGreaterThanOrEqualTo(50_000);
    }

    @Test
    void multiInstanceSpreadsUsersOverTheInstancesAndKeepsEachUserOnOne() {
        LoadPlan p = LoadPlan.defaults(Scenario.MULTI_INSTANCE).withUsers(9).withInstances(3)
                .withRate(90, Duration.ofSeconds(2), Duration.ZERO);
        List<LoadPlan.Shot> shots = p.shots();
        assertThat(shots).hasSize(180).allSatisfy(s -> assertThat(s.target()).isEqualTo(s.user() % 3));
        Map<Integer, Long> perTarget = shots.stream().collect(Collectors.groupingBy(LoadPlan.Shot::target, Collectors.counting()));
        assertThat(perTarget).containsOnlyKeys(0, 1, 2).allSatisfy((t, n) -> assertThat(n).isEqualTo(60L));
    }

    @Test
    void isolationRunsTheQuietUserThroughBothHalvesAndFloodsOnlyInTheSecond() {
        LoadPlan p = LoadPlan.defaults(Scenario.ISOLATION).withUsers(50).withFloodSignals(1000)
                .withRate(10, Duration.ofSeconds(4), Duration.ofSeconds(1));
        assertThat(p.users()).as("a quiet user and a flooder, whatever was asked").isEqualTo(2);
        List<LoadPlan.Shot> shots = p.shots();
        List<LoadPlan.Shot> quiet = shots.stream().filter(s -> s.user() == 0).toList();
        List<LoadPlan.Shot> flood = shots.stream().filter(s -> s.user() == 1).toList();
        assertThat(quiet).hasSize(10 + 40 + 40).allSatisfy(s -> assertThat(s.pool()).isEqualTo(LoadPlan.QUIET_POOL));
        assertThat(quiet.stream().filter(s -> s.phase().equals(LoadPlan.PHASE_QUIET))).hasSize(40)
                .allSatisfy(s -> assertThat(s.atNanos()).isBetween(1_000_000_000L, 4_900_000_000L));
        assertThat(quiet.stream().filter(s -> s.phase().equals(LoadPlan.PHASE_FLOODED))).hasSize(40)
                .allSatisfy(s -> assertThat(s.atNanos()).isBetween(5_000_000_000L, 8_900_000_000L));
        assertThat(flood).hasSize(1000).allSatisfy(s -> {
            assertThat(s.pool()).isEqualTo(LoadPlan.FLOOD_POOL);
            assertThat(s.phase()).isEqualTo(LoadPlan.PHASE_FLOOD);
            assertThat(s.atNanos()).isBetween(5_000_000_000L, 9_000_000_000L - 1);
        });
        assertThat(shots).isSortedAccordingTo(java.util.Comparator.comparingLong(LoadPlan.Shot::atNanos));
        assertThat(p.measuredPhases()).containsExactly(LoadPlan.PHASE_QUIET, LoadPlan.PHASE_FLOODED, LoadPlan.PHASE_FLOOD);
        assertThat(p.signalsOfBusiestUser()).isEqualTo(1000);
    }

    @Test
    void aFanOutSendsOneAlertAndEveryHundredthSubscriberIsOverItsLimits() {
        LoadPlan p = LoadPlan.defaults(Scenario.FAN_OUT).withSubscribers(250);
        assertThat(p.shots()).isEmpty();
        assertThat(p.usersToCreate()).isEqualTo(250);
        assertThat(java.util.stream.IntStream.range(0, 250).filter(p::limitedSubscriber).boxed().toList())
                .containsExactly(99, 199);
        assertThat(p.subscribersTrading()).isEqualTo(248);
        assertThat(LoadPlan.defaults(Scenario.FAN_OUT).subscribers()).isEqualTo(10_000);
        assertThat(LoadPlan.defaults(Scenario.BURST).limitedSubscriber(99)).isFalse();
    }

    @Test
    void scenariosParseByTheirNamesAndBadPlansAreRefused() {
        assertThat(Scenario.parse("fan-out")).isEqualTo(Scenario.FAN_OUT);
        assertThat(Scenario.parse("MULTI_INSTANCE")).isEqualTo(Scenario.MULTI_INSTANCE);
        assertThatThrownBy(() -> Scenario.parse("soak")).hasMessageContaining("burst, steady, fan-out, isolation, multi-instance");
        assertThatThrownBy(() -> LoadPlan.defaults(Scenario.BURST).withUsers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadPlan.defaults(Scenario.STEADY).withRate(10, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<Integer, Long> perUser(List<LoadPlan.Shot> shots) {
        return shots.stream().collect(Collectors.groupingBy(LoadPlan.Shot::user, Collectors.counting()));
    }
}
