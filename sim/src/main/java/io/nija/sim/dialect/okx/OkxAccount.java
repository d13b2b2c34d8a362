package io.nija.sim.dialect.okx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.sim.dialect.okx.OkxCalls.Response;
import io.nija.sim.dialect.support.UsdValue;
import io.nija.sim.engine.AccountOptions;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.Permission;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** OKX's account handlers: configuration (the key's permissions), balance, trade fee and currencies. */
final class OkxAccount {
    private final OkxCalls calls;
    private final OkxLimits limits;
    private final OkxViews views;
    private final OkxAccountViews accountViews;
    private final MatchingEngine engine;

    OkxAccount(OkxCalls calls, OkxLimits limits, OkxViews views, OkxAccountViews accountViews) {
        this.calls = calls;
        this.limits = limits;
        this.views = views;
        this.accountViews = accountViews;
        this.engine = calls.engine();
    }

    /**
     * The account configuration; {@code perm} lists the key's permissions as OKX names them (read_only, trade,
     * withdraw). Any key may ask.
     */
    Response accountConfig(String apiKey, Context c) {
        OkxLimits.charge(limits.balance, apiKey, 1);
        AccountOptions options = engine.accountOptions(apiKey);
        List<String> perm = new ArrayList<>();
        if (options.can(Permission.READ)) {
            perm.add("read_only");
        }
        if (options.can(Permission.TRADE)) {
            perm.add("trade");
        }
        if (options.can(Permission.WITHDRAW)) {
            perm.add("withdraw");
        }
        String uid = Long.toString(Math.abs((long) apiKey.hashCode()));
        ArrayNode data = calls.json().createArrayNode();
        data.add(accountViews.accountConfig(uid, perm));
        return calls.ok(data);
    }

    Response balance(String apiKey, Context c) {
        OkxLimits.charge(limits.balance, apiKey, 1);
        String ccy = OkxParams.param(c, "ccy");
        Set<String> wanted = ccy == null ? null : new LinkedHashSet<>(Arrays.asList(ccy.split(",")));
        Map<String, Balance> balances = engine.balances(apiKey);
        String now = OkxViews.ms(calls.context().clock().now());
        ArrayNode details = calls.json().createArrayNode();
        BigDecimal totalEq = BigDecimal.ZERO;
        for (Balance b : balances.values()) {
            if (wanted != null ? !wanted.contains(b.asset()) : b.total().signum() == 0) {
                continue;
            }
            BigDecimal usd = UsdValue.of(engine, b.asset(), b.total());
            totalEq = totalEq.add(usd);
            details.add(accountViews.balanceDetail(b, usd, now));
        }
        ArrayNode data = calls.json().createArrayNode();
        data.add(accountViews.balance(details, totalEq, now));
        return calls.ok(data);
    }

    Response tradeFee(String apiKey, Context c) {
        OkxLimits.charge(limits.tradeFee, apiKey, 1);
        String instType = OkxParams.param(c, "instType");
        OkxParams.requireSpot(instType, true);
        String instId = OkxParams.param(c, "instId");
        if (instId != null) {
            calls.instrument(instId);
        }
        ArrayNode data = calls.json().createArrayNode();
        data.add(views.tradeFee(engine.fees(apiKey), calls.context().clock().now()));
        return calls.ok(data);
    }

    Response currencies(String apiKey, Context c) {
        OkxLimits.charge(limits.currencies, apiKey, 1);
        Set<String> assets = new LinkedHashSet<>();
        for (Instrument i : engine.instruments()) {
            assets.add(i.pair().base());
            assets.add(engine.quoteAsset(i.symbol()));
        }
        String ccy = OkxParams.param(c, "ccy");
        ArrayNode data = calls.json().createArrayNode();
        for (String a : assets) {
            if (ccy != null && !Arrays.asList(ccy.split(",")).contains(a)) {
                continue;
            }
            data.add(accountViews.currency(a));
        }
        return calls.ok(data);
    }
}
