package io.nija.core.venue;

/**
 * Which venue-native trigger orders a {@link Venue} can place ({@link VenueOrderRequest#trigger()}), and whether the
 * venue locks a waiting one's funds. Where it locks them (Binance), a stop loss and a take profit of the same coins
 * cannot both wait as two orders; where it does not (Bybit's spot conditional orders), both can, and the one that
 * fires second is cancelled by the venue for want of funds unless it was cancelled first.
 */
public record NativeStops(boolean stopLoss, boolean takeProfit, boolean locksFunds) {
    public static final NativeStops NONE = new NativeStops(false, false, false);

    public boolean supports(NativeTrigger.Kind kind) {
        return kind == NativeTrigger.Kind.STOP_LOSS ? stopLoss : takeProfit;
    }

    /**
     * Refuses a request whose trigger this venue cannot place, before anything is sent: sent without it, a stop's limit
     * (below the market for a sell) would trade at once.
     */
    public void check(String venue, VenueOrderRequest request) {
        if (request.trigger() != null && !supports(request.trigger().kind())) {
            throw new VenueException(VenueErrorKind.INVALID_PRICE_OR_QTY, venue + " (this adapter) places no native "
                    + request.trigger().kind().name().toLowerCase(java.util.Locale.ROOT) + " orders");
        }
    }
}
