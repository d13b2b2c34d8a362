package io.nija.sim.engine;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.Liquidity;
import io.nija.core.signal.Side;
import io.nija.core.time.Clock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;

/**
 * Crosses a taker against the opposite side of a book in price-time priority and settles every trade:
 * base and quote move between the two accounts, each side pays its own fee in the quote asset, and the
 * fees go to the venue's fee ledger. Runs under the engine lock.
 */
final class Matcher {
    /** Fees are rounded down to this many decimals, so the sum of per-fill fees never exceeds what was reserved. */
    static final int FEE_SCALE = 8;

    private final VenueIds ids;
    private final Clock clock;
    private final Map<String, BigDecimal> collectedFees;
    /** Told of every traders' fill as it is recorded (the engine's order stream tap); runs under the engine lock. */
    java.util.function.BiConsumer<EngineOrder, AccountFill> onFill = (o, f) -> { };

    Matcher(VenueIds ids, Clock clock, Map<String, BigDecimal> collectedFees) {
        this.ids = ids;
        this.clock = clock;
        this.collectedFees = collectedFees;
    }

    static BigDecimal fee(BigDecimal notional, BigDecimal rate) {
        return notional.multiply(rate).setScale(FEE_SCALE, RoundingMode.DOWN);
    }

    /** Trades {@code taker} against the book; returns the last trade price, or null when nothing traded. */
    BigDecimal match(EngineOrder taker, InstrumentBook book) {
        BookSide makers = book.oppositeOf(taker.side);
        BigDecimal lastPrice = null;
        Instant now = null;
        while (true) {
            PriceLevelQueue level = makers.best();
            if (level == null || !makers.isMarketableFor(taker.limitPrice, level.price)) {
                break;
            }
            EngineOrder maker = level.first();
            BigDecimal qty = takeableQuantity(taker, maker.remaining(), level.price);
            if (qty.signum() == 0) {
                break;
            }
            if (now == null) {
                now = clock.now();
            }
            settle(taker, maker, level.price, qty, now);
            level.traded(qty);
            makers.dropIfEmpty(level);
            lastPrice = level.price;
        }
        if (lastPrice != null) {
            book.lastTradePrice = lastPrice;
        }
        return lastPrice;
    }

    private static BigDecimal takeableQuantity(EngineOrder taker, BigDecimal makerRemaining, BigDecimal price) {
        return takeable(taker.instrument(), taker.quantity, taker.quoteQuantity, taker.filledQty, taker.filledQuote,
                makerRemaining, price);
    }

    /**
     * How much of one maker a taker takes: its remaining base, or what its remaining quote budget buys at
     * {@code price}, rounded down to the lot. Shared with the pre-trade estimate so both walk the book alike.
     */
    static BigDecimal takeable(Instrument instrument, BigDecimal quantity,
                               BigDecimal quoteQuantity, BigDecimal filledQty, BigDecimal filledQuote,
                               BigDecimal makerRemaining, BigDecimal price) {
        BigDecimal wanted;
        if (quoteQuantity != null) {
            BigDecimal budget = quoteQuantity.subtract(filledQuote);
            BigDecimal raw = budget.divide(price, instrument.quantityScale(), RoundingMode.DOWN);
            wanted = Decimals.floorToStep(raw, instrument.lotSize());
        } else {
            wanted = quantity.subtract(filledQty);
        }
        return wanted.min(makerRemaining);
    }

    private void settle(EngineOrder taker, EngineOrder maker, BigDecimal price, BigDecimal qty, Instant now) {
        Listing listing = taker.listing;
        String base = listing.baseAsset();
        String quote = listing.quoteAsset();
        BigDecimal notional = qty.multiply(price);
        BigDecimal takerFee = fee(notional, taker.rates.taker());
        BigDecimal makerFee = fee(notional, maker.rates.maker());
        EngineOrder buyer = taker.side == Side.BUY ? taker : maker;
        EngineOrder seller = buyer == taker ? maker : taker;
        BigDecimal buyerFee = buyer == taker ? takerFee : makerFee;
        BigDecimal sellerFee = seller == taker ? takerFee : makerFee;

        pay(buyer, quote, notional.add(buyerFee), buyer == maker);
        buyer.owner.credit(base, qty);
        pay(seller, base, qty, seller == maker);
        seller.owner.credit(quote, notional.subtract(sellerFee));
        collectedFees.merge(quote, takerFee.add(makerFee), BigDecimal::add);

        VenueIds.Trade trade = ids.nextTrade(listing.symbol());
        record(taker, qty, price, notional, takerFee, Liquidity.TAKER, trade, now);
        record(maker, qty, price, notional, makerFee, Liquidity.MAKER, trade, now);
        if (maker.remaining().signum() == 0) {
            maker.state = OrderState.FILLED;
            releaseReserve(maker);
            maker.owner.openByClientId.remove(maker.clientOrderId);
        } else {
            maker.state = OrderState.PARTIALLY_FILLED;
        }
    }

    /** A resting trader order pays out of what it locked; a taker (and the house) pays from the free balance. */
    private static void pay(EngineOrder order, String asset, BigDecimal amount, boolean resting) {
        if (resting && !order.isHouse()) {
            order.reserved = order.reserved.subtract(amount);
            order.owner.spendLocked(asset, amount);
        } else {
            order.owner.debit(asset, amount);
        }
    }

    /** Gives back whatever a finished resting order still holds (fees rounded down leave a little over). */
    static void releaseReserve(EngineOrder order) {
        if (order.reserved.signum() > 0) {
            order.owner.unlock(order.reservedAsset(), order.reserved);
        }
        order.reserved = BigDecimal.ZERO;
    }

    private void record(EngineOrder order, BigDecimal qty, BigDecimal price, BigDecimal notional, BigDecimal fee,
                        Liquidity liquidity, VenueIds.Trade trade, Instant now) {
        order.filledQty = order.filledQty.add(qty);
        order.filledQuote = order.filledQuote.add(notional);
        order.fees = order.fees.add(fee);
        order.updatedAt = now;
        if (order.isHouse()) {
            return;
        }
        Listing listing = order.listing;
        AccountFill fill = new AccountFill(listing.instrument().venue(), ids.nextFillId(), trade.id(), trade.number(),
                order.venueOrderId, order.clientOrderId, order.owner.apiKey, listing.symbol(), order.side, qty, price,
                fee, listing.quoteAsset(), liquidity, now);
        order.fills.add(fill);
        order.owner.fills.add(fill);
        onFill.accept(order, fill);
    }
}
