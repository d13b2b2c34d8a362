package io.nija.store;

import io.nija.core.order.Order;
import io.nija.core.signal.TradeSignal;
import io.nija.core.store.AcceptedSignal;
import io.nija.core.store.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** signals: the accepted signal and the answer given for it, written together with its orders. */
final class SignalRows {
    private final Jdbi jdbi;

    SignalRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<AcceptedSignal> find(String userId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> find(h, userId, idempotencyKey));
    }

    /**
     * A signal to store with its orders; {@code forOwner}: taken by an instance that does not drive the user, so a
     * trade-rate task per new order is left for the user's owner in the same transaction.
     */
    record ToSave(TradeSignal signal, List<Order> orders, AuditEvent accepted, boolean forOwner) {
        ToSave {
            accepted = accepted == null ? null : AuditLog.normalised(accepted);
            for (Order o : orders) {
                if (!o.signalId().equals(signal.signalId()) || !o.userId().equals(signal.userId())) {
                    throw new IllegalArgumentException("order " + o.orderId() + " does not belong to signal " + signal.signalId());
                }
            }
        }
    }

    /**
     * One transaction for all of them: each signal row, then the orders, legs and fills of those that were new. A
     * repeated (user, idempotency key) inserts nothing and answers with the row that holds the key:
     * {@code ON CONFLICT DO NOTHING} waits for a concurrent first insert to commit or roll back, so exactly one of
     * several racing requests wins and the others read its row. Under read committed each statement sees rows
     * committed before it began (and this transaction's own), so the read after the conflict sees the winner, also
     * when both are in this batch.
     */
    List<AcceptedSignal> saveAll(List<ToSave> batch) {
        return jdbi.inTransaction(h -> {
            List<AcceptedSignal> out = new ArrayList<>(batch.size());
            List<Order> newOrders = new ArrayList<>();
            List<AuditEvent> audit = new ArrayList<>();
            List<Order> ownerTasks = new ArrayList<>();
            for (ToSave t : batch) {
                TradeSignal s = t.signal();
                List<String> orderIds = t.orders().stream().map(Order::orderId).toList();
                int inserted = h.createUpdate("""
                                INSERT INTO signals (signal_id, user_id, pair, side, size_usd, signal_type, strategy,
                                                     idempotency_key, order_ids, accepted_at)
                                VALUES (:signalId, :userId, :pair, :side, :sizeUsd, :signalType, :strategy,
                                        :key, :orderIds, :acceptedAt)
                                ON CONFLICT (user_id, idempotency_key) DO NOTHING""")
                        .bind("signalId", s.signalId())
                        .bind("userId", s.userId())
                        .bind("pair", s.pair().toString())
                        .bind("side", Sql.wire(s.side()))
                        .bind("sizeUsd", s.sizeUsd())
                        .bind("signalType", Sql.wire(s.signalType()))
                        .bind("strategy", s.strategy())
                        .bind("key", s.idempotencyKey())
                        .bindArray("orderIds", String.class, orderIds)
                        .bind("acceptedAt", Sql.ts(s.timestamp()))
                        .execute();
                if (inserted == 0) {
                    out.add(find(h, s.userId(), s.idempotencyKey()).orElseThrow(() -> new IllegalStateException(
                            "signal with idempotency key " + s.idempotencyKey() + " conflicted but cannot be read")));
                } else {
                    newOrders.addAll(t.orders());
                    if (t.forOwner()) {
                        for (Order o : t.orders()) {
                            ownerTasks.add(o);
                        }
                    }
                    if (t.accepted() != null) {
                        audit.add(t.accepted());
                    }
                    out.add(new AcceptedSignal(s.signalId(), s.userId(), s.idempotencyKey(), orderIds, Sql.micros(s.timestamp())));
                }
            }
            // Every signal row first, then one batched statement per table for all the new orders.
            OrderWriter.write(h, newOrders);
            for (Order o : ownerTasks) {
                OwnerTaskRows.add(h, io.nija.core.cluster.OwnerTask.Kind.TRADE_RATE, o.userId(), o.orderId(),
                        o.createdAt());
            }
            // The new signals' audit rows in the same transaction: one commit for both, the chain lock held briefly.
            AuditLog.writeIn(h, audit);
            return out;
        });
    }

    private static Optional<AcceptedSignal> find(Handle h, String userId, String key) {
        return h.createQuery("""
                        SELECT signal_id, user_id, idempotency_key, order_ids, accepted_at
                        FROM signals WHERE user_id = :userId AND idempotency_key = :key""")
                .bind("userId", userId)
                .bind("key", key)
                .map((rs, ctx) -> new AcceptedSignal(rs.getString("signal_id"), rs.getString("user_id"),
                        rs.getString("idempotency_key"), Sql.strings(rs, "order_ids"), Sql.instant(rs, "accepted_at")))
                .findOne();
    }
}
