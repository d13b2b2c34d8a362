package io.nija.sim.dialect.coinbase;

import static io.nija.sim.dialect.coinbase.CoinbaseViews.accountUuid;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.venue.FeeSchedule;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Coinbase's account calls: accounts (paged), one account by uuid, key permissions and the transaction summary. */
final class CoinbaseAccount {
    private final MatchingEngine engine;
    private final ObjectMapper json;
    private final CoinbaseAccountViews views;

    CoinbaseAccount(CoinbaseCalls calls, CoinbaseAccountViews views) {
        this.engine = calls.engine();
        this.json = calls.json();
        this.views = views;
    }

    ObjectNode accounts(Context c, String apiKey) {
        List<ObjectNode> all = new ArrayList<>();
        for (Balance b : engine.balances(apiKey).values()) {
            all.add(views.account(apiKey, b));
        }
        int limit = Math.min(CoinbaseParams.intParam(c.queryParam("limit"), 49), 250);
        int offset = CoinbaseParams.cursor(c.queryParam("cursor"));
        ObjectNode r = json.createObjectNode();
        ArrayNode page = r.putArray("accounts");
        int end = Math.min(all.size(), offset + Math.max(limit, 1));
        for (int i = Math.min(offset, all.size()); i < end; i++) {
            page.add(all.get(i));
        }
        r.put("has_next", end < all.size());
        r.put("cursor", end < all.size() ? String.valueOf(end) : "");
        r.put("size", page.size());
        return r;
    }

    ObjectNode account(String apiKey, String uuid) {
        for (Balance b : engine.balances(apiKey).values()) {
            if (accountUuid(apiKey, b.asset()).equals(uuid)) {
                ObjectNode r = json.createObjectNode();
                r.set("account", views.account(apiKey, b));
                return r;
            }
        }
        throw CoinbaseErrors.notFound("account not found");
    }

    ObjectNode keyPermissions(String apiKey) {
        return views.keyPermissions(apiKey, engine.accountOptions(apiKey));
    }

    ObjectNode transactionSummary(String apiKey) {
        FeeSchedule fees = engine.fees(apiKey);
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        for (AccountFill f : engine.fills(apiKey)) {
            volume = volume.add(f.notional());
            paid = paid.add(f.fee());
        }
        return views.transactionSummary(fees, volume, paid);
    }
}
