package io.nija.server.venues;

/** The Bybit adapter against the simulator's Bybit dialect. */
class BybitContractTest extends VenueContractSuite {
    @Override
    protected String venue() {
        return "bybit";
    }

    @Override
    protected boolean sizesMarketBuysInQuote() {
        return true;
    }
}
