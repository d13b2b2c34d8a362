package io.nija.core.engine;

import static io.nija.core.order.OrderStatus.FILLED;
import static io.nija.core.testing.ScriptedVenue.CallKind.CANCEL;
import static io.nija.core.testing.ScriptedVenue.CallKind.PLACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.cluster.ClusterBus;
import io.nija.core.cluster.Fence;
import io.nija.core.cluster.OwnerTask;
import io.nija.core.cluster.ShardOwnership;
import io.nija.core.cluster.Shards;
import io.nija.core.order.OrderStatus;
import io.nija.core.risk.KillSwitchMode;
import io.nija.core.signal.SignalRejectedException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines on one store, each owning some users: intake anywhere, routing and sending only at the owner, which
 * picks stored orders up once; a kill switch set through either holds at both.
 */
class ClusterOwnershipTest {
    private final EngineHarness h = new EngineHarness();
    private final List<String> messages = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        h.close();
    }

    private ClusterBus recording() {
        return new ClusterBus() {
            @Override
            public void signalStored(int shard) {
                messages.add("signal " + shard);
            }

            @Override
            public void settingsChanged(String userId) {
                messages.add("settings " + userId);
            }

            @Override
            public void cancelRequested(String userId, String orderId) {
                messages.add("cancel " + userId + " " + orderId);
            }
        };
    }

    private static ShardOwnership owning(Set<String> users) {
        return new ShardOwnership() {
            @Override
            public boolean owns(String userId) {
                return users.contains(userId);
            }

            @Override
            public Fence fence(String userId) {
                return null;
            }
        };
    }

    @Test
    void aSignalTakenByANonOwnerIsStoredPendingAndOnlyTheOwnerRoutesItOnce() {
        h.user("u1");
        ExecutionEngine owner = h.start();
        owner.joinCluster(owning(Set.of("u1")), recording());
        ExecutionEngine other = h.start();
        other.joinCluster(owning(Set.of()), recording());

        String id = other.submit(h.buy("u1", "1000")).orderIds().get(0);
        assertThat(h.order(id).status()).isEqualTo(OrderStatus.PENDING);
        assertThat(h.binance.calls(PLACE)).isEmpty();
        assertThat(messages).containsExactly("signal " + Shards.of("u1"));
        assertThat(other.pickUpStoredOrders()).as("not its user").isZero();

        owner.pickUpStoredOrders();
        h.awaitStatus(id, FILLED);
        owner.pickUpStoredOrders(); // a second sweep (a late notification) finds it driven or final
        h.settle();
        assertThat(h.binance.calls(PLACE)).hasSize(1);
    }

    @Test
    void aCancelTakenByANonOwnerIsStoredForTheOwnerAndNotified() {
        h.user("u1");
        ExecutionEngine other = h.start();
        other.joinCluster(owning(Set.of()), recording());
        other.cancel("u1", "ord-1");
        assertThat(messages).containsExactly("cancel u1 ord-1");
        assertThat(h.store.ownerTasks()).singleElement()
                .satisfies(t -> assertThat(t.kind()).isEqualTo(OwnerTask.Kind.CANCEL))
                .satisfies(t -> assertThat(t.orderId()).isEqualTo("ord-1"));
    }

    @Test
    void aCancelTakenByANonOwnerReachesTheNextOwnerWhenTheOwnerDiesBeforeDoingIt() {
        h.user("u1");
        h.binance.script(io.nija.core.testing.ScriptedVenue.Step.rest());
        ExecutionEngine first = h.start();
        first.joinCluster(owning(Set.of("u1")), recording());
        String id = first.submit(h.buy("u1", "1000")).orderIds().get(0);
        h.awaitStatus(id, OrderStatus.EXECUTING);
        ExecutionEngine other = h.start();
        other.joinCluster(owning(Set.of()), recording());
        other.cancel("u1", id);
        // The owner dies before it hears of the cancel: its lanes stop, the request stays in the store.
        first.releaseShards(Set.of(Shards.of("u1")));

        ExecutionEngine second = h.start();
        second.joinCluster(owning(Set.of("u1")), recording());
        second.pickUpStoredOrders();
        h.awaitStatus(id, OrderStatus.CANCELLED);
        assertThat(h.binance.calls(CANCEL)).hasSize(1);
        assertThat(h.binance.calls(PLACE)).hasSize(1);
        assertThat(h.store.ownerTasks()).as("done and removed").isEmpty();
        second.pickUpStoredOrders();
        h.settle();
        assertThat(h.binance.calls(CANCEL)).as("a later sweep does not cancel again").hasSize(1);
    }

    @Test
    void signalsStoredAtANonOwnerPassTheOwnersTradeRateOnly() {
        h.user("u1"); // 1 trade per second, burst 2
        ExecutionEngine owner = h.start();
        owner.joinCluster(owning(Set.of("u1")), recording());
        ExecutionEngine other = h.start();
        other.joinCluster(owning(Set.of()), recording());

        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(other.submit(h.buy("u1", "100")).orderIds().get(0));
        }
        assertThat(h.store.ownerTasks()).hasSize(4);
        owner.pickUpStoredOrders();
        for (String id : ids) {
            h.await(id, "final", o -> o.status().isTerminal());
        }
        assertThat(ids.stream().map(h::order).map(o -> o.status()))
                .containsExactly(FILLED, FILLED, OrderStatus.REJECTED, OrderStatus.REJECTED);
        assertThat(h.order(ids.get(3)).rejectCode()).isEqualTo("trade_rate_exceeded");
        assertThat(h.binance.calls(PLACE)).hasSize(2);
        assertThat(h.store.ownerTasks()).as("each checked once").isEmpty();

        // The owner's own intake draws on the same bucket, which the forwarded orders emptied.
        assertThatThrownBy(() -> owner.submit(h.buy("u1", "100")))
                .isInstanceOf(SignalRejectedException.class).extracting("code").isEqualTo("trade_rate_exceeded");
    }

    @Test
    void aKillSwitchSetThroughOneInstanceRefusesEntriesThroughTheOther() {
        h.user("u1");
        ExecutionEngine owner = h.start();
        owner.joinCluster(owning(Set.of("u1")), recording());
        ExecutionEngine other = h.start();
        other.joinCluster(owning(Set.of()), recording());

        other.killSwitch("u1", true, KillSwitchMode.BLOCK_ENTRIES);
        assertThat(messages).contains("settings u1");
        assertThatThrownBy(() -> owner.submit(h.buy("u1", "100")))
                .isInstanceOf(SignalRejectedException.class).extracting("code").isEqualTo("kill_switch");
        owner.killSwitch(null, true, KillSwitchMode.BLOCK_ENTRIES);
        other.killSwitch("u1", false, KillSwitchMode.BLOCK_ENTRIES);
        assertThatThrownBy(() -> other.submit(h.buy("u1", "100")))
                .as("the global switch, set through the owner").isInstanceOf(SignalRejectedException.class);
    }

    @Test
    void losingAShardStopsItsUsersLanesAndTheNewOwnerPicksTheOrdersUp() {
        h.user("u1");
        h.binance.script(io.nija.core.testing.ScriptedVenue.Step.acceptFillThenTimeout());
        ExecutionEngine first = h.start();
        first.joinCluster(owning(Set.of("u1")), recording());
        String id = first.submit(h.buy("u1", "1000")).orderIds().get(0);
        h.awaitStatus(id, OrderStatus.UNKNOWN);
        first.releaseShards(Set.of(Shards.of("u1")));
        ExecutionEngine second = h.start();
        second.joinCluster(owning(Set.of("u1")), recording());
        second.pickUpStoredOrders();
        // The new owner asks the venue by client order id: the order it placed is found, nothing is sent again.
        h.scheduler.advance(java.time.Duration.ofMinutes(1));
        h.awaitStatus(id, FILLED);
        assertThat(h.binance.calls(PLACE)).hasSize(1);
    }
}
