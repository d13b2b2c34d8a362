package io.nija.sim.engine;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.time.Clock;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The house market maker of one book: quotes a ladder of levels on both sides of a fair mid, deepest at the
 * touch and thinner further out, and tops it up after takers consume it so the book never runs dry.
 *
 * <p>Levels sit on a fixed price grid (a multiple of the tick), so while the fair mid moves less than one
 * grid step a requote only refills what was taken instead of re-posting the whole ladder. Level sizes are a
 * function of the seed and the grid point, and the mid moves only on trades (a little toward the traded
 * price, a little back toward the reference, plus seeded noise) — the book is a pure function of the seed
 * and the order flow, never of wall-clock time.
 */
final class MarketMaker {
    private static final BigDecimal BPS = new BigDecimal("0.0001");
    private static final MathContext MC = MathContext.DECIMAL64;
    /** Share of the gap to the last trade price the fair mid moves per requote (price impact). */
    private static final BigDecimal IMPACT = new BigDecimal("0.1");
    /** Share of the gap back to the reference mid per requote, so a one-sided flow cannot run the price away. */
    private static final BigDecimal REVERSION = new BigDecimal("0.01");

    private final InstrumentBook book;
    private final LiquidityProfile profile;
    private final Account house;
    private final Clock clock;
    private final long sizeSeed;
    private final SplittableRandom noise;
    private final BigDecimal gridStep;
    private final BigDecimal[] levelQty;
    /**
     * {@link #targetQuantity} per level and grid price, as computed: a pure function of the two while the level sizes
     * stay (a reshape clears it), asked for at every level of every requote, mostly at the same grid points.
     */
    private final java.util.Map<BigDecimal, BigDecimal>[] targets;
    private final int priceScale;
    private final int midScale;
    private BigDecimal fairMid;
    /** Where the mid reverts to: the profile's reference, moved by every reshape so a shift persists. */
    private BigDecimal referenceMid;

    MarketMaker(InstrumentBook book, LiquidityProfile profile, Account house, Clock clock, long seed) {
        this.book = book;
        this.profile = profile;
        this.house = house;
        this.clock = clock;
        this.sizeSeed = Seeds.derive(seed, "sizes");
        this.noise = new SplittableRandom(Seeds.derive(seed, "drift"));
        Instrument ins = book.listing.instrument();
        BigDecimal step = Decimals.ceilToStep(profile.referenceMid().multiply(profile.levelStepBps()).multiply(BPS),
                ins.tickSize());
        this.priceScale = ins.priceScale();
        // Prices keep the instrument's scale (65000.10, not 65000.1), as traders' prices do.
        this.gridStep = (step.signum() > 0 ? step : ins.tickSize()).setScale(priceScale, RoundingMode.UNNECESSARY);
        this.levelQty = new BigDecimal[profile.levels()];
        @SuppressWarnings("unchecked")
        java.util.Map<BigDecimal, BigDecimal>[] perLevel = new java.util.Map[profile.levels()];
        for (int i = 0; i < perLevel.length; i++) {
            perLevel[i] = new java.util.HashMap<>();
        }
        this.targets = perLevel;
        BigDecimal size = profile.topLevelNotional().divide(profile.referenceMid(), MC);
        for (int i = 0; i < levelQty.length; i++) {
            levelQty[i] = size;
            size = size.multiply(profile.decayPerLevel(), MC);
        }
        this.midScale = priceScale + 6;
        this.fairMid = profile.referenceMid().setScale(midScale, RoundingMode.HALF_EVEN);
        this.referenceMid = fairMid;
    }

    /**
     * Moves the whole ladder by {@code shiftBps} (+50: 0.5 % dearer) and scales every level's size by
     * {@code depthScale}, then re-posts it. The reference the mid reverts to moves too, and later requotes use the
     * scaled sizes, so the new shape persists as the house keeps quoting after trades.
     */
    void reshape(BigDecimal shiftBps, BigDecimal depthScale) {
        BigDecimal factor = BigDecimal.ONE.add(shiftBps.multiply(BPS));
        fairMid = fairMid.multiply(factor).setScale(midScale, RoundingMode.HALF_EVEN);
        referenceMid = referenceMid.multiply(factor).setScale(midScale, RoundingMode.HALF_EVEN);
        for (int i = 0; i < levelQty.length; i++) {
            levelQty[i] = levelQty[i].multiply(depthScale, MC);
            targets[i].clear();
        }
        book.bids.removeAllHouse();
        book.asks.removeAllHouse();
        requote(null);
    }

    /** The fair mid the ladder is quoted around. */
    BigDecimal fairMid() {
        return fairMid;
    }

    /** The mid the house reverts to (moved by reshapes). */
    BigDecimal referenceMid() {
        return referenceMid;
    }

    /** Moves the fair mid after a trade (if any) and restores the ladder around it. */
    void requote(BigDecimal lastTradePrice) {
        if (lastTradePrice != null) {
            drift(lastTradePrice);
        }
        BigDecimal half = fairMid.multiply(profile.halfSpreadBps()).multiply(BPS);
        BigDecimal bidTop = Decimals.floorToStep(fairMid.subtract(half), gridStep).setScale(priceScale);
        BigDecimal askTop = Decimals.ceilToStep(fairMid.add(half), gridStep).setScale(priceScale);
        if (askTop.compareTo(bidTop) <= 0) {
            askTop = bidTop.add(gridStep);
        }
        int n = profile.levels();
        BigDecimal bidBottom = bidTop.subtract(gridStep.multiply(BigDecimal.valueOf(n - 1L)));
        BigDecimal askBottom = askTop.add(gridStep.multiply(BigDecimal.valueOf(n - 1L)));
        // Pull stale quotes first, so a ladder that moved is never blocked by its own old quotes.
        book.bids.removeHouseOutside(bidTop, bidBottom);
        book.asks.removeHouseOutside(askTop, askBottom);
        Instant now = clock.now();
        fillLadder(Side.BUY, bidTop, gridStep.negate(), now);
        fillLadder(Side.SELL, askTop, gridStep, now);
    }

    private void drift(BigDecimal lastTradePrice) {
        BigDecimal pull = lastTradePrice.subtract(fairMid).multiply(IMPACT);
        BigDecimal back = referenceMid.subtract(fairMid).multiply(REVERSION);
        // -0.2 .. +0.2 bp of seeded noise, drawn as integers so no binary fraction touches a price.
        BigDecimal jiggle = fairMid.multiply(BigDecimal.valueOf(noise.nextInt(-2, 3), 5));
        BigDecimal next = fairMid.add(pull).add(back).add(jiggle).setScale(midScale, RoundingMode.HALF_EVEN);
        if (next.signum() > 0) {
            fairMid = next;
        }
    }

    private void fillLadder(Side side, BigDecimal top, BigDecimal step, Instant now) {
        BookSide bookSide = book.sideOf(side);
        BigDecimal price = top;
        for (int i = 0; i < levelQty.length && price.signum() > 0; i++, price = price.add(step)) {
            if (book.wouldCross(side, price)) {
                continue; // a trader's order is resting there; the house does not trade with it by quoting
            }
            BigDecimal target = targetQuantity(i, price);
            PriceLevelQueue level = bookSide.level(price);
            BigDecimal missing = target.subtract(level == null ? BigDecimal.ZERO : level.houseQuantity());
            if (missing.signum() > 0) {
                EngineOrder quote = new EngineOrder(null, null, house, book.listing, side, OrderType.LIMIT,
                        missing, null, price, now);
                bookSide.add(quote);
            }
        }
    }

    /** The size the house shows at level {@code i}: decayed with distance, varied per grid point by the seed. */
    private BigDecimal targetQuantity(int i, BigDecimal price) {
        BigDecimal known = targets[i].get(price);
        if (known == null) {
            known = computeTargetQuantity(i, price);
            targets[i].put(price, known);
        }
        return known;
    }

    private BigDecimal computeTargetQuantity(int i, BigDecimal price) {
        Instrument ins = book.listing.instrument();
        long gridIndex = price.divideToIntegralValue(gridStep).longValue();
        long h = Seeds.mix(sizeSeed + gridIndex * 0x9E3779B97F4A7C15L);
        int permille = 600 + (int) Long.remainderUnsigned(h, 801); // 0.600 .. 1.400
        BigDecimal qty = levelQty[i].multiply(BigDecimal.valueOf(permille, 3), MC);
        return Decimals.floorToStep(qty, ins.lotSize()).max(ins.minQty()).max(ins.lotSize());
    }
}
