package io.nija.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Pair;
import io.nija.core.testing.Cases;
import io.nija.core.venue.VenueAccount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The executor queue: strict priority between classes, round robin across users, FIFO within a user. */
class FairOrderQueueProperties {
    static final Pair BTC_USD = new Pair("BTC", "USD");

    static ExecutionTask task(String user, int priority, String id) {
        return new ExecutionTask(TaskKind.PLACE, user, id, id + "-0", priority, BTC_USD,
                new VenueAccount(user, "binance", "key-" + user, "secret", null), null, r -> { }, () -> false);
    }

    static List<ExecutionTask> drain(FairOrderQueue q) {
        List<ExecutionTask> out = new ArrayList<>();
        ExecutionTask t;
        while ((t = q.poll()) != null) {
            out.add(t);
        }
        return out;
    }

    static List<String> ids(List<ExecutionTask> tasks) {
        return tasks.stream().map(ExecutionTask::orderId).toList();
    }

    @Test
    void higherPriorityClassesAlwaysComeFirst() {
        FairOrderQueue q = new FairOrderQueue();
        q.add(task("a", 4, "other"));
        q.add(task("a", 3, "entry"));
        q.add(task("a", 2, "exit"));
        q.add(task("a", 1, "stop"));
        q.add(task("a", ExecutionTask.RESOLVE_PRIORITY, "resolve"));
        assertThat(ids(drain(q))).containsExactly("resolve", "stop", "exit", "entry", "other");
    }

    @Test
    void oneUsersTasksComeOutInTheOrderTheyWentIn() {
        FairOrderQueue q = new FairOrderQueue();
        for (int i = 0; i < 5; i++) {
            q.add(task("a", 3, "a" + i));
        }
        assertThat(ids(drain(q))).containsExactly("a0", "a1", "a2", "a3", "a4");
    }

    @Test
    void usersTakeTurnsWithinAClass() {
        FairOrderQueue q = new FairOrderQueue();
        q.add(task("a", 3, "a1"));
        q.add(task("a", 3, "a2"));
        q.add(task("a", 3, "a3"));
        q.add(task("b", 3, "b1"));
        q.add(task("b", 3, "b2"));
        q.add(task("c", 3, "c1"));
        assertThat(ids(drain(q))).containsExactly("a1", "b1", "c1", "a2", "b2", "a3");
    }

    @Test
    void aUserWithTenThousandQueuedEntriesDelaysOthersByAtMostOneTurn() {
        FairOrderQueue q = new FairOrderQueue();
        for (int i = 0; i < 10_000; i++) {
            q.add(task("a", 3, "a" + i));
        }
        q.add(task("b", 3, "b"));
        q.add(task("c", 3, "c"));
        List<String> first3 = List.of(q.poll().orderId(), q.poll().orderId(), q.poll().orderId());
        assertThat(first3).contains("b", "c");
        assertThat(q.size()).isEqualTo(9_999);
    }

    @Test
    void aStopLossAddedLastComesOutFirst() {
        FairOrderQueue q = new FairOrderQueue();
        for (int i = 0; i < 10_000; i++) {
            q.add(task("a", 3, "a" + i));
        }
        q.add(task("b", 1, "stop"));
        assertThat(q.poll().orderId()).isEqualTo("stop");
    }

    @Test
    void prioritiesOutsideTheClassesAreClamped() {
        FairOrderQueue q = new FairOrderQueue();
        q.add(task("a", 99, "low"));
        q.add(task("a", 4, "other"));
        q.add(task("a", -5, "urgent"));
        q.add(task("a", 0, "resolve"));
        assertThat(ids(drain(q))).containsExactly("urgent", "resolve", "low", "other");
    }

    @Test
    void anEmptyQueueAnswersNullWithoutBlocking() throws InterruptedException {
        FairOrderQueue q = new FairOrderQueue();
        assertThat(q.poll()).isNull();
        assertThat(q.poll(0, TimeUnit.MILLISECONDS)).isNull();
        assertThat(q.size()).isZero();
        q.add(task("a", 3, "x"));
        assertThat(q.poll(0, TimeUnit.MILLISECONDS).orderId()).isEqualTo("x");
    }

    @Test
    void aWaitingPollIsWokenByAnAdd() throws Exception {
        FairOrderQueue q = new FairOrderQueue();
        java.util.concurrent.CompletableFuture<ExecutionTask> polled = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return q.poll(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        q.add(task("a", 3, "x"));
        assertThat(polled.get(10, TimeUnit.SECONDS).orderId()).isEqualTo("x");
    }

    // --- properties over random interleavings -------------------------------------------------------

    record Add(String user, int priority) { }

    /** Up to 200 adds from five users, each in one of the five priority classes. */
    static List<Add> adds(Cases.Gen g) {
        return g.listOf(0, 200, x -> new Add(x.oneOf("a", "b", "c", "d", "e"), x.intBetween(0, 4)));
    }

    static LongStream seeds8001() {
        return Cases.seeds(8001, 1000);
    }

    static LongStream seeds8002() {
        return Cases.seeds(8002, 1000);
    }

    static LongStream seeds8003() {
        return Cases.seeds(8003, 1000);
    }

    private static FairOrderQueue fill(List<Add> adds) {
        FairOrderQueue q = new FairOrderQueue();
        for (int i = 0; i < adds.size(); i++) {
            q.add(task(adds.get(i).user(), adds.get(i).priority(), Integer.toString(i)));
        }
        return q;
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds8001")
    void everyTaskComesOutExactlyOnceInNonDecreasingPriority(long seed) {
        List<Add> adds = adds(new Cases.Gen(seed));
        Cases.check(seed, adds, () -> {
            FairOrderQueue q = fill(adds);
            assertThat(q.size()).isEqualTo(adds.size());
            List<ExecutionTask> out = drain(q);
            assertThat(out).hasSize(adds.size());
            assertThat(ids(out)).doesNotHaveDuplicates();
            for (int i = 1; i < out.size(); i++) {
                assertThat(out.get(i).priority()).isGreaterThanOrEqualTo(out.get(i - 1).priority());
            }
        });
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds8002")
    void withinAUserAndClassTasksKeepTheirOrder(long seed) {
        List<Add> adds = adds(new Cases.Gen(seed));
        Cases.check(seed, adds, () -> {
            Map<String, Integer> lastSeen = new HashMap<>();
            for (ExecutionTask t : drain(fill(adds))) {
                String key = t.userId() + "/" + t.priority();
                int index = Integer.parseInt(t.orderId());
                Integer previous = lastSeen.put(key, index);
                if (previous != null) {
                    assertThat(index).isGreaterThan(previous);
                }
            }
        });
    }

    @ParameterizedTest(name = Cases.NAME)
    @MethodSource("seeds8003")
    void withinAClassNoUserWithWorkFallsMoreThanOneTurnBehind(long seed) {
        List<Add> adds = adds(new Cases.Gen(seed));
        Cases.check(seed, adds, () -> noUserFallsMoreThanOneTurnBehind(adds));
    }

    private static void noUserFallsMoreThanOneTurnBehind(List<Add> adds) {
        FairOrderQueue q = fill(adds);
        Map<String, Integer> remaining = new HashMap<>();
        for (Add a : adds) {
            remaining.merge(a.user() + "/" + a.priority(), 1, Integer::sum);
        }
        int currentClass = -1;
        Map<String, Integer> served = new HashMap<>();
        ExecutionTask t;
        while ((t = q.poll()) != null) {
            if (t.priority() != currentClass) {
                currentClass = t.priority();
                served.clear();
            }
            served.merge(t.userId(), 1, Integer::sum);
            remaining.merge(t.userId() + "/" + t.priority(), -1, Integer::sum);
            // every user that still has work in this class has been served within one of every other user
            int max = served.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (String user : List.of("a", "b", "c", "d", "e")) {
                if (remaining.getOrDefault(user + "/" + currentClass, 0) > 0) {
                    assertThat(served.getOrDefault(user, 0)).as("user %s in class %d", user, currentClass)
                            .isGreaterThanOrEqualTo(max - 1);
                }
            }
        }
    }
}
