package io.nija.sim.swarm;

import io.nija.core.instrument.Instrument;
import io.nija.core.market.OrderBook;
import io.nija.core.order.Fill;
import io.nija.core.venue.AssetBalance;
import io.nija.core.venue.FeeSchedule;
import io.nija.core.venue.KeyPermissions;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueOrderRequest;
import io.nija.core.venue.VenueOrderState;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** A venue as one {@link RouterProcess} reaches it: nothing goes out once the process is dead; a crash can strike mid-call. */
final class ProcessVenue implements Venue {
    /** Sees each order the router sends, just before it leaves (the swarm's priority check). */
    interface PlaceWatcher {
        void beforePlace(String venue, VenueAccount account, VenueOrderRequest request);
    }

    private final Venue venue;
    private final RouterProcess process;
    private final PlaceWatcher watcher;

    ProcessVenue(Venue venue, RouterProcess process, PlaceWatcher watcher) {
        this.venue = venue;
        this.process = process;
        this.watcher = watcher;
    }

    @Override
    public String name() {
        return venue.name();
    }

    @Override
    public List<Instrument> instruments() {
        return read(venue::instruments);
    }

    @Override
    public OrderBook orderBook(Instrument instrument, int depth) {
        return read(() -> venue.orderBook(instrument, depth));
    }

    @Override
    public FeeSchedule fees(VenueAccount account, Instrument instrument) {
        return read(() -> venue.fees(account, instrument));
    }

    @Override
    public io.nija.core.venue.NativeStops nativeStops() {
        return venue.nativeStops();
    }

    @Override
    public io.nija.core.venue.NativeStops nativeStops(io.nija.core.venue.VenueAccount account) {
        return venue.nativeStops(account);
    }

    @Override
    public VenueOrderState placeOrder(VenueAccount account, VenueOrderRequest request) {
        process.beforeCall();
        watcher.beforePlace(venue.name(), account, request);
        return write(SwarmEvent.CrashInCall.Call.PLACE, () -> venue.placeOrder(account, request));
    }

    @Override
    public VenueOrderState cancelOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        return write(SwarmEvent.CrashInCall.Call.CANCEL, () -> venue.cancelOrder(account, instrument, clientOrderId));
    }

    @Override
    public Optional<VenueOrderState> queryOrder(VenueAccount account, Instrument instrument, String clientOrderId) {
        return read(() -> venue.queryOrder(account, instrument, clientOrderId));
    }

    @Override
    public List<VenueOrderState> openOrders(VenueAccount account) {
        return read(() -> venue.openOrders(account));
    }

    @Override
    public List<Fill> fills(VenueAccount account, Instrument instrument, String clientOrderId) {
        return read(() -> venue.fills(account, instrument, clientOrderId));
    }

    @Override
    public Map<String, BigDecimal> balances(VenueAccount account) {
        return read(() -> venue.balances(account));
    }

    @Override
    public Optional<KeyPermissions> keyPermissions(VenueAccount account) {
        return read(() -> venue.keyPermissions(account));
    }

    @Override
    public List<AssetBalance> balanceDetails(VenueAccount account) {
        return read(() -> venue.balanceDetails(account));
    }

    @Override
    public int maxConcurrentCallsPerKey() {
        return venue.maxConcurrentCallsPerKey();
    }

    @Override
    public boolean sharesOpenOrdersRead() {
        return venue.sharesOpenOrdersRead();
    }

    private <T> T read(Supplier<T> call) {
        process.beforeCall();
        return call.get();
    }

    private <T> T write(SwarmEvent.CrashInCall.Call kind, Supplier<T> call) {
        process.beforeCall();
        T answer;
        try {
            answer = call.get();
        } catch (RuntimeException refused) {
            process.afterCall(venue.name(), kind);
            throw refused;
        }
        process.afterCall(venue.name(), kind);
        return answer;
    }
}
