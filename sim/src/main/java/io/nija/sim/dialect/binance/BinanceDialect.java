package io.nija.sim.dialect.binance;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.nija.core.venue.VenueErrorKind;
import io.nija.sim.fault.FaultInjector;
import io.nija.sim.dialect.Dialect;
import io.nija.sim.dialect.DialectContext;
import io.nija.sim.http.StreamHub;

/**
 * Binance Spot REST (api/v3) over the simulated binance engine: public market data, HMAC-SHA256 signed trading and
 * account endpoints, Binance's {@code {code,msg}} errors with their HTTP statuses, and its request-weight and
 * order-count limits with the X-MBX-USED-WEIGHT-1M / X-MBX-ORDER-COUNT-* headers (see {@link BinanceLimits}).
 *
 * <p>This class only wires the parts (the package's shape is described in docs/simulator.md): {@link BinanceRoutes}
 * (route table), {@link BinanceAuth} (key, timestamp, signature), {@link BinanceParams} and
 * {@link BinanceOrderParams} (request parameters), {@link BinanceViews} (answer shapes), {@link BinanceErrors} (codes
 * and messages), the handlers {@link BinanceMarket}, {@link BinanceOrders}, {@link BinanceAccount}, and
 * {@link BinanceStreams}. Not simulated: order types other than LIMIT, MARKET, STOP_LOSS_LIMIT and
 * TAKE_PROFIT_LIMIT, timeInForce FOK, order lists, self-trade prevention and the BNB fee discount.
 */
public final class BinanceDialect implements Dialect {
    static final String NAME = "binance";

    private final BinanceLimits limits;
    private volatile BinanceCalls calls;

    public BinanceDialect() {
        this(BinanceLimits.Config.DEFAULT);
    }

    BinanceDialect(BinanceLimits.Config limits) {
        this.limits = new BinanceLimits(limits);
    }

    /** A dialect with other limits (tests of the 429 → 418 escalation). */
    public static BinanceDialect withLimits(int weightPerMinute, int ordersPer10s, int strikesBeforeBan) {
        return new BinanceDialect(new BinanceLimits.Config(weightPerMinute, ordersPer10s, 200_000, strikesBeforeBan));
    }

    @Override
    public String venue() {
        return NAME;
    }

    @Override
    public void streams(RoutesConfig r, DialectContext context, StreamHub hub) {
        new BinanceStreams(context).register(r, hub);
    }

    @Override
    public void routes(RoutesConfig r, DialectContext context) {
        BinanceCalls wired = new BinanceCalls(context, limits);
        BinanceAuth auth = new BinanceAuth(wired);
        BinanceViews views = new BinanceViews(context.json());
        BinanceRoutes.register(r, wired, new BinanceMarket(wired, views, context.json()),
                new BinanceOrders(wired, auth, views), new BinanceAccount(wired, auth, views));
        this.calls = wired;
    }

    @Override
    public void writeError(Context c, VenueErrorKind kind, String message) {
        calls.write(c, BinanceErrors.of(kind, message, limits.config().weightPerMinute(), calls.now()));
    }

    @Override
    public void writeFault(Context c, FaultInjector.Outcome outcome) {
        calls.write(c, BinanceErrors.fault(outcome, limits.config().weightPerMinute(), calls.now()));
    }
}
