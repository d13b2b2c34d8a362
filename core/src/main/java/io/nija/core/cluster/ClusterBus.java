package io.nija.core.cluster;

/**
 * How instances tell each other what changed in the shared store (PostgreSQL LISTEN/NOTIFY in module store). A
 * message may be lost; every receiver also sweeps the store on a timer, so a lost message only delays.
 */
public interface ClusterBus {
    /** Nobody else to tell: a single instance. */
    ClusterBus NONE = new ClusterBus() {
        @Override
        public void signalStored(int shard) {
        }

        @Override
        public void settingsChanged(String userId) {
        }

        @Override
        public void cancelRequested(String userId, String orderId) {
        }
    };

    /** A signal of a user of {@code shard} was stored; its owner should pick the order up. */
    void signalStored(int shard);

    /** A kill switch or a user's limits, mode or credentials changed; {@code userId} null = the global switch. */
    void settingsChanged(String userId);

    /** A cancel of an order of {@code userId} arrived at an instance that does not drive the user; its owner acts. */
    void cancelRequested(String userId, String orderId);

    /**
     * An order event of a user this instance drives, for the event-stream clients connected to the other instances.
     * {@code eventJson} is the event as its clients receive it; a transport that cannot carry it whole passes null,
     * and the receivers build the event (with the same id) from the order as stored. The PostgreSQL transport stores
     * every event with a sequence number, so a receiver whose connection dropped catches up from the last it heard.
     */
    default void orderEvent(String userId, String orderId, String eventId, String eventJson) {
    }

    /** One order event on its way to the other instances (see {@link #orderEvent}). */
    record OrderEventMessage(String userId, String orderId, String eventId, String eventJson) {
    }

    /** Several order events at once, in order (a transport may store and send them together). */
    default void orderEvents(java.util.List<OrderEventMessage> events) {
        for (OrderEventMessage e : events) {
            orderEvent(e.userId(), e.orderId(), e.eventId(), e.eventJson());
        }
    }

    /**
     * A venue told an instance to back off (429/418, Retry-After, a ban): every instance refuses calls on the limiter
     * bucket {@code bucketKey} until {@code until}. Received only; instances send it through the store.
     */
    default void rateHold(String bucketKey, java.time.Instant until) {
    }

    /**
     * The listener is connected (again): messages sent while it was not are lost, so what they would have told is
     * read from the store now (holds still running).
     */
    default void listening() {
    }
}
