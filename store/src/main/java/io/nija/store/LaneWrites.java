package io.nija.store;

import io.nija.core.cluster.Fence;
import io.nija.core.cluster.ShardOwnership;
import io.nija.core.order.Order;
import io.nija.core.position.Position;
import io.nija.core.store.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The lanes' and executors' writes of order state, shared across concurrent callers: order saves (with the positions
 * their fills moved and their audit row), send intents and send outcomes are queued to one writer that commits what
 * is waiting in one transaction (see {@link GroupCommit}). A burst of a thousand users' orders then pays one commit
 * per batch instead of one per write, and holds one connection instead of one per lane.
 *
 * <p>What a caller may rely on when a write returns, and so which write must precede which call:
 * <ul>
 * <li>{@link OrderSave} and {@link RequestBegin} return once committed (durable). A send's intent must be durable
 * before the request leaves for the venue, so a crash between the two leaves an open intent that recovery resolves
 * by asking the venue; the order's legs are saved (committed) before the leg is handed to an executor, so the intent
 * always finds its leg row.</li>
 * <li>{@link RequestOutcome} is queued and not waited for: nothing is sent on its strength. Until it commits the
 * request counts as open, which only makes recovery ask the venue once more. It is queued before the report reaches
 * the lane and rides with the next waited write, normally the order save that the answer leads to (alone after 1 s
 * without one), so it commits with that save or before it.</li>
 * </ul>
 * Items are written in a fixed order inside the transaction (orders, legs, fills, positions, then intents, outcomes,
 * the audit rows last, as the signal writer does), so a batch never waits on another writer's locks in a cycle.
 */
final class LaneWrites {
    /** One write in the queue. */
    sealed interface Item permits OrderSave, RequestBegin, RequestOutcome, Barrier {
    }

    /** Orders (one user's, usually one order) with the positions their fills moved and an audit row, or none. */
    record OrderSave(Collection<Order> orders, Collection<Position> positions, AuditEvent event, List<Fence> fences)
            implements Item {
        OrderSave {
            event = event == null ? null : AuditLog.normalised(event);
        }
    }

    /** The intent of a request about to be sent; answers its venue_requests id. */
    record RequestBegin(String legId, String venue, String clientOrderId, String kind, Instant sentAt) implements Item {
    }

    /** What became of a request. */
    record RequestOutcome(long requestId, String outcome, Instant at, String detail) implements Item {
    }

    /** Writes nothing: waiting for it waits until everything queued before it is committed. */
    record Barrier() implements Item {
    }

    private final Jdbi jdbi;
    private final Supplier<ShardOwnership> fencing;

    LaneWrites(Jdbi jdbi, Supplier<ShardOwnership> fencing) {
        this.jdbi = jdbi;
        this.fencing = fencing;
    }

    /** One transaction for the batch; one answer per item, in order (the request id of an intent, else null). */
    List<Long> write(List<Item> batch) {
        return jdbi.inTransaction(h -> {
            Set<Fence> checked = new HashSet<>();
            List<Order> orders = new ArrayList<>();
            List<Position> positions = new ArrayList<>();
            List<AuditEvent> audit = new ArrayList<>();
            for (Item item : batch) {
                if (item instanceof OrderSave s) {
                    // The fencing tokens first: a batch holding a write for a shard no longer ours fails as a whole
                    // (then each item is written alone, so only that shard's writes fail).
                    for (Fence f : s.fences()) {
                        if (checked.add(f)) {
                            LeaseRows.check(h, f);
                        }
                    }
                    orders.addAll(s.orders());
                    positions.addAll(s.positions());
                    if (s.event() != null) {
                        audit.add(s.event());
                    }
                }
            }
            OrderWriter.write(h, orders);
            PositionRows.save(h, positions);
            List<RequestBegin> begins = new ArrayList<>();
            List<RequestOutcome> outcomes = new ArrayList<>();
            for (Item item : batch) {
                if (item instanceof RequestBegin b) {
                    fence(h, b, checked);
                    begins.add(b);
                } else if (item instanceof RequestOutcome o) {
                    outcomes.add(o);
                }
            }
            // One statement each for the batch's intents and outcomes (one round trip, not one per item).
            List<Long> ids = VenueRequestRows.begin(h, begins);
            VenueRequestRows.complete(h, outcomes);
            AuditLog.writeIn(h, audit);
            List<Long> out = new ArrayList<>(batch.size());
            int next = 0;
            for (Item item : batch) {
                out.add(item instanceof RequestBegin ? ids.get(next++) : null);
            }
            return out;
        });
    }

    private void fence(Handle h, RequestBegin b, Set<Fence> checked) {
        ShardOwnership ownership = fencing.get();
        if (ownership != ShardOwnership.ALL) {
            // No send without the shard: the intent is recorded only while this instance still holds the leg's user.
            h.createQuery("SELECT o.user_id FROM legs l JOIN orders o ON o.order_id = l.order_id WHERE l.leg_id = :leg")
                    .bind("leg", b.legId()).mapTo(String.class).findOne()
                    .ifPresent(user -> {
                        Fence f = ownership.fence(user);
                        if (f == null || checked.add(f)) {
                            LeaseRows.check(h, f);
                        }
                    });
        }
    }
}
