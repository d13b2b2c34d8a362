package io.nija.sim.dialect.alpaca;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import io.nija.core.instrument.Instrument;
import io.nija.core.signal.Side;
import io.nija.sim.dialect.alpaca.AlpacaCalls.Answer;
import io.nija.sim.engine.AccountFill;
import io.nija.sim.engine.Balance;
import io.nija.sim.engine.MatchingEngine;
import io.nija.sim.engine.Permission;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The account (cash, equity, buying power) and its crypto positions, valued at the book's mid. */
final class AlpacaAccount {
    private final AlpacaCalls calls;
    private final MatchingEngine engine;
    private final AlpacaViews views;

    AlpacaAccount(AlpacaCalls calls, AlpacaViews views) {
        this.calls = calls;
        this.engine = calls.engine();
        this.views = views;
    }

    Answer account(String apiKey, Context c) {
        Map<String, Balance> balances = engine.balances(apiKey);
        Balance usd = balances.getOrDefault("USD", new Balance("USD", BigDecimal.ZERO, BigDecimal.ZERO));
        BigDecimal longValue = BigDecimal.ZERO;
        for (Balance b : balances.values()) {
            if (!b.asset().equals("USD")) {
                longValue = longValue.add(marketValue(b.asset(), b.total()));
            }
        }
        BigDecimal equity = usd.total().add(longValue);
        // Alpaca keys have no scopes; a simulated key without trade permission shows as a blocked account.
        boolean tradingBlocked = !engine.accountOptions(apiKey).can(Permission.TRADE);
        return Answer.ok(views.account(apiKey, usd, equity, longValue, tradingBlocked,
                calls.context().clock().now().atZone(ZoneOffset.UTC).toLocalDate()));
    }

    private Optional<Instrument> listingOf(String asset) {
        return engine.instruments().stream().filter(i -> i.pair().base().equals(asset)).findFirst();
    }

    private BigDecimal price(Instrument i) {
        BigDecimal mid = engine.book(i.symbol(), 1).mid();
        return mid != null ? mid : engine.lastTradePrice(i.symbol());
    }

    private BigDecimal marketValue(String asset, BigDecimal qty) {
        return listingOf(asset).map(this::price).map(p -> qty.multiply(p).setScale(2, RoundingMode.HALF_EVEN))
                .orElse(BigDecimal.ZERO);
    }

    Answer positions(String apiKey, Context c) {
        ArrayNode out = views.array();
        List<AccountFill> fills = engine.fills(apiKey);
        for (Balance b : engine.balances(apiKey).values()) {
            if (b.asset().equals("USD") || b.total().signum() == 0) {
                continue;
            }
            Optional<Instrument> ins = listingOf(b.asset());
            if (ins.isEmpty()) {
                continue;
            }
            BigDecimal current = price(ins.get());
            BigDecimal entry = averageEntry(fills, ins.get().symbol(), current);
            out.add(views.position(ins.get(), b, current, entry));
        }
        return Answer.ok(out);
    }

    /** Volume-weighted price of the account's buys of the symbol; holdings never bought here count at {@code dflt}. */
    private static BigDecimal averageEntry(List<AccountFill> fills, String symbol, BigDecimal dflt) {
        BigDecimal qty = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        for (AccountFill f : fills) {
            if (f.symbol().equals(symbol) && f.side() == Side.BUY) {
                qty = qty.add(f.quantity());
                cost = cost.add(f.notional());
            }
        }
        if (qty.signum() == 0) {
            return dflt == null ? BigDecimal.ZERO : dflt;
        }
        return cost.divide(qty, 8, RoundingMode.HALF_EVEN);
    }
}
