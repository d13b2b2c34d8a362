package io.nija.server.venues;

/** The OKX adapter against the simulator's OKX dialect. */
class OkxContractTest extends VenueContractSuite {
    @Override
    protected String venue() {
        return "okx";
    }
}
