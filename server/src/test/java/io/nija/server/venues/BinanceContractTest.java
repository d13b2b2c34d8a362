package io.nija.server.venues;

/** The Binance adapter against the simulator's Binance dialect. */
class BinanceContractTest extends VenueContractSuite {
    @Override
    protected String venue() {
        return "binance";
    }
}
