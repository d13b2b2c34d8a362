package io.nija.core.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UserLaneTest {

    @Test
    void oneUsersWorkRunsInSubmissionOrderOneItemAtATime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            UserLane lane = new UserLane("u1", pool);
            int n = 20_000;
            List<Integer> seen = new ArrayList<>(); // deliberately not thread-safe: the lane must serialise
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int item = i;
                lane.execute(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    seen.add(item);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(maxRunning.get()).isEqualTo(1);
            assertThat(seen).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(seen.get(i)).isEqualTo(i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void workFromManyThreadsNeverOverlapsAndKeepsEachSubmittersOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        ExecutorService submitters = Executors.newFixedThreadPool(4);
        try {
            UserLane lane = new UserLane("u1", pool);
            int perThread = 5_000;
            List<String> seen = new ArrayList<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(4 * perThread);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                submitters.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int item = i;
                        lane.execute(() -> {
                            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                            seen.add(thread + ":" + item);
                            running.decrementAndGet();
                            done.countDown();
                        });
                    }
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(maxRunning.get()).isEqualTo(1);
            int[] next = new int[4];
            for (String s : seen) {
                int thread = s.charAt(0) - '0';
                assertThat(Integer.parseInt(s.substring(2))).isEqualTo(next[thread]++);
            }
            assertThat(next).containsOnly(perThread);
        } finally {
            pool.shutdownNow();
            submitters.shutdownNow();
        }
    }

    @Test
    void aFailingItemDoesNotStopTheLane() {
        UserLane lane = new UserLane("u1", DirectExecutor.INSTANCE);
        List<String> ran = new ArrayList<>();
        lane.execute(() -> ran.add("first"));
        lane.execute(() -> {
            throw new IllegalStateException("boom");
        });
        lane.execute(() -> ran.add("after the failure"));
        assertThat(ran).containsExactly("first", "after the failure");
        assertThat(lane.backlog()).isZero();
    }

    @Test
    void anItemThrowingAnErrorDoesNotWedgeTheLane() {
        UserLane lane = new UserLane("u1", DirectExecutor.INSTANCE);
        List<String> ran = new ArrayList<>();
        try {
            lane.execute(() -> {
                throw new StackOverflowError("deep recursion in one item");
            });
        } catch (StackOverflowError propagated) {
            // whether the lane reports it to the submitter or only logs it, it must keep working
        }
        lane.execute(() -> ran.add("next item"));
        assertThat(ran).containsExactly("next item");
        assertThat(lane.backlog()).isZero();
    }

    @Test
    void aFailureInTheMiddleOfABatchDoesNotDropTheRestOfTheBatch() {
        UserLane lane = new UserLane("u1", DirectExecutor.INSTANCE);
        List<String> ran = new ArrayList<>();
        lane.execute(() -> {
            lane.execute(() -> {
                throw new IllegalArgumentException("boom");
            });
            lane.execute(() -> ran.add("queued behind the failure"));
            ran.add("outer");
        });
        assertThat(ran).containsExactly("outer", "queued behind the failure");
    }

    @Test
    void workSubmittedFromInsideTheLaneRunsAfterTheCurrentItemNotInsideIt() {
        UserLane lane = new UserLane("u1", DirectExecutor.INSTANCE);
        List<String> ran = new ArrayList<>();
        lane.execute(() -> {
            ran.add("1 start");
            lane.execute(() -> ran.add("3"));
            ran.add("1 end");
        });
        lane.execute(() -> ran.add("4"));
        assertThat(ran).containsExactly("1 start", "1 end", "3", "4");
        assertThat(lane.userId()).isEqualTo("u1");
    }

    @Test
    void aSlowLaneDoesNotHoldUpAnotherUsersLane() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            UserLane slow = new UserLane("slow", pool);
            UserLane fast = new UserLane("fast", pool);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch fastDone = new CountDownLatch(1);
            slow.execute(() -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            fast.execute(fastDone::countDown);
            assertThat(fastDone.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(release.getCount()).as("the slow lane is still blocked").isEqualTo(1);
            release.countDown();
        } finally {
            pool.shutdownNow();
        }
    }
}
