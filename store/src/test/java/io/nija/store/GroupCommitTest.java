package io.nija.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    @Test
    void callersQueuedWhileATransactionRunsShareTheNextOne() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        try (GroupCommit<Integer, String> commit = new GroupCommit<>("test-writer", 64, items -> {
            batches.add(List.copyOf(items));
            if (batches.size() == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            return items.stream().map(i -> "done-" + i).toList();
        }); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = pool.submit(() -> commit.write(0));
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<String>> rest = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                int n = i;
                rest.add(pool.submit(() -> commit.write(n)));
            }
            // All 20 are queued behind the running transaction before it commits.
            while (commit.queued() < 20) {
                Thread.onSpinWait();
            }
            releaseFirst.countDown();
            assertThat(first.get()).isEqualTo("done-0");
            for (int i = 0; i < rest.size(); i++) {
                assertThat(rest.get(i).get()).isEqualTo("done-" + (i + 1));
            }
        }
        assertThat(batches).hasSize(2);
        assertThat(batches.get(1)).hasSize(20);
    }

    @Test
    void aFailingItemFailsOnlyItsOwnCaller() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<Integer> committed = new CopyOnWriteArrayList<>();
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("test-writer", 64, items -> {
            if (items.contains(-1)) {
                throw new IllegalArgumentException("bad item");
            }
            if (items.contains(0)) {
                firstStarted.countDown();
                await(releaseFirst);
            }
            committed.addAll(items);
            return items;
        }); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = pool.submit(() -> commit.write(0));
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> good1 = pool.submit(() -> commit.write(1));
            Future<Integer> bad = pool.submit(() -> commit.write(-1));
            Future<Integer> good2 = pool.submit(() -> commit.write(2));
            while (commit.queued() < 3) {
                Thread.onSpinWait();
            }
            releaseFirst.countDown();
            assertThat(first.get()).isZero();
            assertThat(good1.get()).isEqualTo(1);
            assertThat(good2.get()).isEqualTo(2);
            assertThatThrownBy(bad::get).hasRootCauseInstanceOf(IllegalArgumentException.class);
        }
        assertThat(committed).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void anItemQueuedForLaterRidesWithTheNextWaitedWriteAndBeforeIt() {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        // A linger of an hour: the queued items can only go with the waited write.
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("test-writer", 64, items -> {
            batches.add(List.copyOf(items));
            return items;
        }, TimeUnit.HOURS.toNanos(1))) {
            commit.writeLater(1);
            commit.writeLater(2);
            assertThat(commit.write(3)).isEqualTo(3);
        }
        assertThat(batches).containsExactly(List.of(1, 2, 3));
    }

    @Test
    void anItemQueuedForLaterIsWrittenAloneAfterTheLingerAndOnClose() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        List<Integer> committed = new CopyOnWriteArrayList<>();
        try (GroupCommit<Integer, Integer> commit = new GroupCommit<>("test-writer", 64, items -> {
            committed.addAll(items);
            written.countDown();
            return items;
        }, 0)) {
            commit.writeLater(7);
            assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(committed).containsExactly(7);

        List<Integer> atClose = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, Integer> lingering = new GroupCommit<>("test-writer", 64, items -> {
            atClose.addAll(items);
            return items;
        }, TimeUnit.HOURS.toNanos(1));
        lingering.writeLater(8);
        lingering.close();
        assertThat(atClose).containsExactly(8);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
