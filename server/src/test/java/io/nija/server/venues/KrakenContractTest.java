package io.nija.server.venues;

/** The Kraken adapter against the simulator's Kraken dialect. */
class KrakenContractTest extends VenueContractSuite {
    @Override
    protected String venue() {
        return "kraken";
    }
}
