package io.nija.core.cluster;

/** A {@link ClusterBus} this instance also listens on: what it sends reaches every instance's receiver. */
public interface ClusterTransport extends ClusterBus, AutoCloseable {
    /** Starts delivering the other instances' messages to {@code receiver}. */
    void listen(ClusterBus receiver);

    @Override
    void close();
}
