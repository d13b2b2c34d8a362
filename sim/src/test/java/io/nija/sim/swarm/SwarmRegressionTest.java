package io.nija.sim.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Fixed swarm seeds, replayed on every build, and proofs that the swarm machinery works: it is deterministic, its
 * shrinker reduces a failing case to its cause, and it finds a real double placement in a misconfigured router.
 */
class SwarmRegressionTest {

    /**
     * Every seed that ever violated an invariant goes here once its fix is in, next to a few seeds that exercise
     * crashes, kill switches and fault windows together. Seed 2: an entry left before the same user's stop loss after
     * a crash during a Binance ban (each leg's question had its own backoff; StopLossFirstAfterRestartTest in core).
     * Seed 34: its virtual clock ran 720 s in a 10 s workload (latency summed over every call of a step) and past the
     * settle bound; the bound is now strict and calls of one step overlap. Seeds 233 and 262: an exit filled more than it
     * reserved at intake (262 replays it: a close_all sold one lot another exit's reservation held;
     * ExitReservationTest.aCloseAllNeverSellsMoreThanItReservedAtIntake in core); 233 was found by the same check on
     * an earlier build (a profit take, 120 lots over) and no longer reaches that state on this one. Seed 1100: an
     * entry let out as soon as the same user's stop loss's send left reached Binance before it (that send was reset
     * and tried again later); a better send now holds entries back until it is answered. Seeds 5082, 5416, 5902, 8649
     * and 11929: the same inversion, found by an 18-minute run before that fix. Seed 5089: a large entry's later leg,
     * let through when it was planned, left Kraken when it was due, ahead of a stop loss of the same user submitted
     * since and held back by a rate-limit storm; a delayed leg is now checked again when it is due
     * (StopLossBeforeDelayedLegTest in core).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 6, 27, 28, 34, 233, 262, 1100, 5082, 5089, 5416, 5902, 8649, 11929, 20794000542L, 20794002631L})
    void fixedSeedsHoldEveryInvariant(long seed) {
        SwarmRun.Outcome o = SwarmRun.run(Workload.draw(seed));
        assertThat(o.violation()).as(() -> o.violation().describe()).isNull();
        assertThat(o.orders()).isPositive();
    }

    @Test
    void aSeedAlwaysGivesTheSameRun() {
        Scenario s = Workload.draw(6);
        assertThat(Workload.draw(6)).isEqualTo(s);
        SwarmRun.Outcome a = SwarmRun.run(s);
        SwarmRun.Outcome b = SwarmRun.run(s);
        assertThat(List.of(b.orders(), b.venueOrders(), (long) b.steps())).isEqualTo(List.of(a.orders(), a.venueOrders(), (long) a.steps()));
    }

    @Test
    void theShrinkerReducesAFailingCaseToTheEventThatCausesIt() {
        // Deliberately false as soon as any kill switch was touched: the only event that matters is a kill switch.
        Invariant noKillSwitch = new Invariant() {
            @Override
            public String name() {
                return "no kill switch ever";
            }

            @Override
            public String check(SwarmRun.View run) {
                return run.applied().stream().anyMatch(e -> e instanceof SwarmEvent.KillSwitch) ? "a kill switch was toggled" : null;
            }
        };
        long seed = firstSeedWith(SwarmEvent.KillSwitch.class);
        Scenario s = Workload.draw(seed);
        SwarmRun.Outcome failing = new SwarmRun(s, List.of(noKillSwitch)).run();
        assertThat(failing.violated()).isTrue();
        assertThat(failing.violation().trail().size()).isGreaterThan(10);

        Shrinker shrinker = new Shrinker(sc -> new SwarmRun(sc, List.of(noKillSwitch)).run(), 200);
        Violation shrunk = shrinker.shrink(s, failing.violation());
        System.out.println("shrunk in " + shrinker.runs() + " replays:\n" + shrunk.describe());
        assertThat(shrunk.invariant()).isEqualTo("no kill switch ever");
        assertThat(shrunk.trail()).hasSize(1);
        assertThat(shrunk.trail().get(0)).isInstanceOf(SwarmEvent.KillSwitch.class);
    }

    /**
     * The swarm finds the double placement the lifecycle fixes (issue 7) removed, when the router is configured as it
     * was before them: a send whose answer was lost is sent again after one "not found", while the venue's reads lag
     * behind its matching engine. The same seeds with the window above the lag hold every invariant.
     */
    @Test
    void aRouterThatTrustsAnEarlyNotFoundIsCaughtPlacingAClientOrderIdTwice() {
        Violation found = null;
        List<Long> tried = new ArrayList<>();
        for (long seed = 1; seed <= 20 && found == null; seed++) {
            tried.add(seed);
            SwarmRun.Outcome o = SwarmRun.run(laggingVenues(Workload.draw(seed)).withVisibilityWindowMs(0));
            if (o.violated()) {
                found = o.violation();
            }
        }
        assertThat(found).as("a violation among seeds " + tried).isNotNull();
        System.out.println(found.describe());
        assertThat(found.invariant()).isEqualTo(Invariants.DUPLICATE);
        assertThat(found.seed()).isEqualTo(tried.get(tried.size() - 1));
        // And shrinks to a handful of events: the lagging, answer-losing venue and a few entries.
        Scenario failing = laggingVenues(Workload.draw(found.seed())).withVisibilityWindowMs(0);
        Violation shrunk = new Shrinker(100).shrink(failing, found);
        System.out.println("shrunk:\n" + shrunk.describe());
        assertThat(shrunk.invariant()).isEqualTo(Invariants.DUPLICATE);
        assertThat(shrunk.trail().size()).isLessThanOrEqualTo(found.trail().size()).isLessThanOrEqualTo(6);

        Scenario fixed = laggingVenues(Workload.draw(found.seed()));
        assertThat(fixed.visibilityWindowMs()).isGreaterThan(1_500);
        SwarmRun.Outcome o = SwarmRun.run(fixed);
        assertThat(o.violation()).as(() -> o.violation().describe()).isNull();
    }

    /**
     * The audit chain invariant checks real rows (every signal and order change of a run is chained, across its
     * crashes) and fails on a broken chain: the same check, given the run's rows with one of them altered.
     */
    @Test
    void theAuditChainIsCheckedAcrossCrashesAndABrokenChainIsCaught() {
        long seed = firstSeedWith(SwarmEvent.Crash.class);
        SwarmRun.View[] seen = new SwarmRun.View[1];
        Invariant capture = new Invariant() {
            @Override
            public String name() {
                return "capture";
            }

            @Override
            public String check(SwarmRun.View run) {
                seen[0] = run;
                return null;
            }
        };
        SwarmRun.Outcome o = new SwarmRun(Workload.draw(seed), List.of(capture)).run();
        assertThat(o.violation()).as(() -> o.violation().describe()).isNull();
        List<io.nija.core.store.AuditRecord> rows = seen[0].store().auditRecordsFrom(1);
        assertThat(rows.size()).isGreaterThan(100);
        assertThat(new Invariants().auditChain(rows)).isNull();

        List<io.nija.core.store.AuditRecord> edited = new ArrayList<>(rows);
        io.nija.core.store.AuditRecord r = rows.get(rows.size() / 2);
        edited.set(rows.size() / 2, new io.nija.core.store.AuditRecord(r.seq(), new io.nija.core.store.AuditEvent(
                r.event().time(), r.event().actor(), r.event().entityType(), r.event().entityId(), "tampered",
                r.event().detail()), r.prevHash(), r.hash()));
        assertThat(new Invariants().auditChain(edited)).startsWith(Invariants.AUDIT_CHAIN).contains("row " + r.seq());
        List<io.nija.core.store.AuditRecord> dropped = new ArrayList<>(rows);
        dropped.remove(7);
        assertThat(new Invariants().auditChain(dropped)).startsWith(Invariants.AUDIT_CHAIN).contains("row 9");
    }

    /** Every venue's reads lag 1.5 s behind its engine and a fifth of the order answers are lost, the whole run. */
    static Scenario laggingVenues(Scenario s) {
        List<SwarmEvent> events = new ArrayList<>();
        for (String venue : Workload.VENUES) {
            events.add(new SwarmEvent.FaultOn(0, venue, FaultKind.VISIBILITY_LAG, 0, 1_500, 0));
            events.add(new SwarmEvent.FaultOn(0, venue, FaultKind.LOST_ANSWERS, 0.2, 0, 0));
        }
        // The drawn schedule may switch these off (or set shorter lags) later: keep only its other faults.
        s.events().stream().filter(e -> !lagOrLost(e))
                .forEach(events::add);
        // The design's score sends these entries to one venue whatever the others do, so the shrinker can cut the run to
        // the few events the duplicate needs. Routing on price couples the entries on purpose (each reads the books net
        // of the others in flight), which keeps more of them in the smallest failing run.
        return new Scenario(s.seed(), s.users(), s.stepMs(), Math.max(s.visibilityWindowMs(), 2_500), s.durationMs(), events,
                io.nija.core.routing.RoutingPolicy.SCORE);
    }

    private static boolean lagOrLost(SwarmEvent e) {
        FaultKind kind = e instanceof SwarmEvent.FaultOn on ? on.kind() : e instanceof SwarmEvent.FaultOff off ? off.kind() : null;
        return kind == FaultKind.VISIBILITY_LAG || kind == FaultKind.LOST_ANSWERS;
    }

    private static long firstSeedWith(Class<? extends SwarmEvent> kind) {
        for (long seed = 1; ; seed++) {
            if (Workload.draw(seed).events().stream().anyMatch(kind::isInstance)) {
                return seed;
            }
        }
    }
}
