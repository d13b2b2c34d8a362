package io.nija.sim.dialect.bybit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.core.venue.FeeSchedule;
import io.nija.sim.dialect.support.UsdValue;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Bybit's signed account calls: wallet balance (UNIFIED), fee rate, and the account-info, key-info and coin-info
 * calls ccxt makes when it loads the venue.
 */
final class BybitAccount {
    private final BybitCalls calls;
    private final BybitAccountViews views;
    private final MatchingEngine engine;

    BybitAccount(BybitCalls calls, BybitAccountViews views) {
        this.calls = calls;
        this.views = views;
        this.engine = calls.engine();
    }

    /** Balances of the coins asked for (all non-zero ones by default), each also valued in USD. */
    ObjectNode walletBalance(String apiKey, Context c) {
        String accountType = BybitParams.param(c, "accountType");
        if (accountType == null) {
            throw BybitErrors.paramsError("accountType is required");
        }
        if (!"UNIFIED".equals(accountType)) {
            throw BybitErrors.accountTypeOnlyUnified();
        }
        String coinParam = BybitParams.param(c, "coin");
        Set<String> wanted = coinParam == null ? null : new LinkedHashSet<>(Arrays.asList(coinParam.split(",")));
        ArrayNode coins = views.array();
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal available = BigDecimal.ZERO;
        for (Balance b : engine.balances(apiKey).values()) {
            if (wanted != null ? !wanted.contains(b.asset()) : b.total().signum() == 0) {
                continue;
            }
            BigDecimal usd = UsdValue.of(engine, b.asset(), b.total());
            total = total.add(usd);
            available = available.add(UsdValue.of(engine, b.asset(), b.available()));
            coins.add(views.coinBalance(b, usd));
        }
        return views.wallet(total, available, coins);
    }

    ObjectNode feeRate(String apiKey, Context c) {
        String category = BybitParams.param(c, "category");
        boolean spot = BybitParams.spot(category);
        String symbol = BybitParams.param(c, "symbol");
        if (symbol != null && spot) {
            calls.instrument(symbol);
        }
        FeeSchedule fees = engine.fees(apiKey);
        ObjectNode r = views.object();
        ArrayNode list = r.putArray("list");
        if (spot) {
            for (Instrument i : engine.instruments()) {
                if (symbol == null || symbol.equals(i.symbol())) {
                    list.add(views.feeRate(i, fees));
                }
            }
        }
        return r;
    }

    ObjectNode accountInfo(String apiKey, Context c) {
        return views.accountInfo(engine.accountOptions(apiKey), calls.context().clock().now());
    }

    /** Any key may ask what it may do. */
    ObjectNode queryApi(String apiKey, Context c) {
        return views.apiKey(apiKey, engine.accountOptions(apiKey));
    }

    /** Every coin the venue lists (the base and quote of each instrument), or the one asked for. */
    ObjectNode coinInfo(String apiKey, Context c) {
        Set<String> assets = new LinkedHashSet<>();
        for (Instrument i : engine.instruments()) {
            assets.add(i.pair().base());
            assets.add(engine.quoteAsset(i.symbol()));
        }
        String coin = BybitParams.param(c, "coin");
        ObjectNode r = views.object();
        ArrayNode rows = r.putArray("rows");
        for (String a : assets) {
            if (coin != null && !coin.equals(a)) {
                continue;
            }
            rows.add(views.coin(a));
        }
        return r;
    }
}
