package io.nija.core.venue;

/**
 * The venues' private order streams as the engine sees them (implemented in module venues, over each exchange's
 * websocket). The engine asks whether an account's stream is delivering, to decide how often REST must still ask
 * about a resting order; and it says when REST showed what the stream should have pushed long ago, which is how a
 * stream that went silent while its heartbeats go on is found out.
 */
public interface OrderStreams {
    /** No streams: every order is followed by REST polling alone. */
    OrderStreams NONE = new OrderStreams() {
        @Override
        public boolean healthy(VenueAccount account) {
            return false;
        }

        @Override
        public void suspect(VenueAccount account, String why) {
        }
    };

    /**
     * Whether the account's private stream on its venue is connected, subscribed and caught up, so order and fill
     * events reach the engine as they happen. Asking may open the stream (it is then not healthy yet). Must not block.
     */
    boolean healthy(VenueAccount account);

    /** REST showed a change of the account's orders that the stream never delivered: treat the stream as stalled. */
    void suspect(VenueAccount account, String why);
}
