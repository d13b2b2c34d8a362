package io.nija.store;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** paper_balances: what each user's paper account holds per venue and asset, kept across restarts. */
final class PaperBalanceRows {
    private final Jdbi jdbi;

    PaperBalanceRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Map<String, BigDecimal> find(String userId, String venue) {
        return jdbi.withHandle(h -> {
            Map<String, BigDecimal> out = new LinkedHashMap<>();
            h.createQuery("SELECT asset, amount FROM paper_balances WHERE user_id = :user AND venue = :venue ORDER BY asset")
                    .bind("user", userId)
                    .bind("venue", venue)
                    .map((rs, ctx) -> Map.entry(rs.getString("asset"), rs.getBigDecimal("amount")))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return Map.copyOf(out);
        });
    }

    /** Replaces the account's rows in one transaction, so a reader never sees half of one fill's change. */
    void save(String userId, String venue, Map<String, BigDecimal> balances) {
        jdbi.useTransaction(h -> save(h, userId, venue, balances));
    }

    /** The same inside the caller's transaction (a paper order's fills and the balances they moved, together). */
    void save(org.jdbi.v3.core.Handle h, String userId, String venue, Map<String, BigDecimal> balances) {
        {
            h.createUpdate("DELETE FROM paper_balances WHERE user_id = :user AND venue = :venue")
                    .bind("user", userId)
                    .bind("venue", venue)
                    .execute();
            var batch = h.prepareBatch("INSERT INTO paper_balances (user_id, venue, asset, amount) VALUES (:user, :venue, :asset, :amount)");
            balances.forEach((asset, amount) -> batch.bind("user", userId).bind("venue", venue).bind("asset", asset)
                    .bind("amount", amount).add());
            if (!balances.isEmpty()) {
                batch.execute();
            }
        }
    }
}
