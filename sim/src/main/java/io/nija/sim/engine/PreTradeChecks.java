package io.nija.sim.engine;

import io.nija.core.instrument.Decimals;
import io.nija.core.instrument.Instrument;
import io.nija.core.order.OrderType;
import io.nija.core.signal.Side;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What an exchange checks before an order touches the book: the instrument's price and quantity grid, its
 * minimums, and whether the account can pay. All failures are {@link VenueException}s of the kind the
 * router expects, with messages in the exchanges' own spirit.
 */
final class PreTradeChecks {
    private PreTradeChecks() {
    }

    /** Validates the request and returns it with price and quantity on the instrument's scale. */
    static NewOrder validate(InstrumentBook book, NewOrder request) {
        Instrument ins = book.listing.instrument();
        BigDecimal qty = request.quantity();
        BigDecimal price = request.limitPrice();
        if (request.type() == OrderType.MARKET) {
            if ((qty == null) == (request.quoteQuantity() == null)) {
                throw invalid("a market order needs either a quantity or a quote quantity, not both");
            }
            price = null;
        } else {
            if (qty == null || request.quoteQuantity() != null) {
                throw invalid("a " + request.type() + " order needs a base quantity");
            }
            price = checkPrice(ins, price);
        }
        if (qty != null) {
            qty = checkQuantity(ins, qty);
            BigDecimal valuation = price != null ? price : book.oppositeOf(request.side()).bestPrice();
            // A market order into an empty book cannot be valued; it will simply expire unfilled.
            if (valuation != null && qty.multiply(valuation).compareTo(ins.minNotional()) < 0) {
                throw belowMinNotional(ins, qty.multiply(valuation));
            }
        } else {
            BigDecimal quote = request.quoteQuantity();
            if (quote.signum() <= 0) {
                throw invalid("quote quantity must be positive");
            }
            if (quote.compareTo(ins.minNotional()) < 0) {
                throw belowMinNotional(ins, quote);
            }
        }
        return new NewOrder(request.symbol(), request.clientOrderId(), request.side(), request.type(), qty,
                request.quoteQuantity(), price, request.trigger());
    }

    private static BigDecimal checkPrice(Instrument ins, BigDecimal price) {
        if (price == null || price.signum() <= 0) {
            throw invalid("price must be positive");
        }
        if (!Decimals.isMultipleOf(price, ins.tickSize())) {
            throw invalid("price " + Decimals.plain(price) + " is not a multiple of the tick size "
                    + Decimals.plain(ins.tickSize()) + " (PRICE_FILTER)");
        }
        return price.setScale(ins.priceScale(), RoundingMode.UNNECESSARY);
    }

    private static BigDecimal checkQuantity(Instrument ins, BigDecimal qty) {
        if (qty.signum() <= 0) {
            throw invalid("quantity must be positive");
        }
        if (!Decimals.isMultipleOf(qty, ins.lotSize())) {
            throw invalid("quantity " + Decimals.plain(qty) + " is not a multiple of the lot size "
                    + Decimals.plain(ins.lotSize()) + " (LOT_SIZE)");
        }
        if (qty.compareTo(ins.minQty()) < 0) {
            throw invalid("quantity " + Decimals.plain(qty) + " is below the minimum " + Decimals.plain(ins.minQty())
                    + " (LOT_SIZE)");
        }
        return qty.setScale(ins.quantityScale(), RoundingMode.UNNECESSARY);
    }

    /**
     * Rejects an order the account cannot pay for, before anything trades. A limit buy must cover its full
     * quantity at its limit plus the larger fee rate; a market buy must cover what walking the book right now
     * would cost plus the taker fee — it is rejected, not cut down, when the funds fall short (documented
     * choice: the caller learns of the shortfall instead of getting a silently smaller position).
     */
    static void checkFunds(Account account, InstrumentBook book, NewOrder order) {
        if (account.house) {
            return;
        }
        Listing listing = book.listing;
        BigDecimal needed;
        String asset;
        if (order.side() == Side.BUY) {
            asset = listing.quoteAsset();
            if (order.type() == OrderType.MARKET) {
                BigDecimal[] walk = walk(book, order);
                needed = walk[1].multiply(BigDecimal.ONE.add(account.fees.taker()));
            } else {
                BigDecimal worstRate = account.fees.maker().max(account.fees.taker());
                needed = order.quantity().multiply(order.limitPrice()).multiply(BigDecimal.ONE.add(worstRate));
            }
        } else {
            asset = listing.baseAsset();
            needed = order.sizedInQuote() ? walk(book, order)[0] : order.quantity();
        }
        if (account.available(asset).compareTo(needed) < 0) {
            throw new VenueException(VenueErrorKind.INSUFFICIENT_FUNDS,
                    "Account has insufficient balance for requested action: needs " + Decimals.plain(needed) + " "
                            + asset + ", has " + Decimals.plain(account.available(asset)) + " available");
        }
    }

    /** Dry run of a market order: {base it would fill, notional it would trade}, walking makers like the matcher. */
    private static BigDecimal[] walk(InstrumentBook book, NewOrder order) {
        Instrument ins = book.listing.instrument();
        BigDecimal filled = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        for (PriceLevelQueue level : book.oppositeOf(order.side()).levelsBestFirst()) {
            for (EngineOrder maker : level.orders()) {
                BigDecimal take = Matcher.takeable(ins, order.quantity(), order.quoteQuantity(), filled, notional,
                        maker.remaining(), level.price);
                if (take.signum() == 0) {
                    return new BigDecimal[] {filled, notional};
                }
                filled = filled.add(take);
                notional = notional.add(take.multiply(level.price));
            }
        }
        return new BigDecimal[] {filled, notional};
    }

    private static VenueException invalid(String message) {
        return new VenueException(VenueErrorKind.INVALID_PRICE_OR_QTY, message);
    }

    private static VenueException belowMinNotional(Instrument ins, BigDecimal notional) {
        return new VenueException(VenueErrorKind.BELOW_MIN_NOTIONAL, "order value " + Decimals.plain(notional)
                + " is below the minimum notional " + Decimals.plain(ins.minNotional()) + " (NOTIONAL)");
    }
}
