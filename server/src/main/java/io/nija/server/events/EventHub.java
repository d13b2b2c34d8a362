package io.nija.server.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans order events out to the connected Server-Sent Events clients, each through its own bounded queue, and keeps
 * the last {@code recentCapacity} events so a client that reconnects with {@code Last-Event-ID} gets what it missed.
 * Publishing never blocks on a client.
 */
public final class EventHub implements AutoCloseable {
    private final int clientQueueCapacity;
    private final int recentCapacity;
    private final CopyOnWriteArrayList<EventSubscription> clients = new CopyOnWriteArrayList<>();
    private final ArrayDeque<OrderEvent> recent;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    public EventHub(int clientQueueCapacity, int recentCapacity) {
        this.clientQueueCapacity = clientQueueCapacity;
        this.recentCapacity = recentCapacity;
        this.recent = new ArrayDeque<>(recentCapacity);
    }

    public void publish(OrderEvent e) {
        lock.lock();
        try {
            if (recent.size() >= recentCapacity) {
                recent.pollFirst();
            }
            recent.addLast(e);
            for (EventSubscription s : clients) {
                if (s.wants(e) && !s.offer(e)) {
                    dropped.incrementAndGet();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A new client of one user's events ({@code userId} null: everyone's). With a {@code lastEventId} still among
     * the recent events, the client's queue starts with the events after it (a reconnect misses nothing); an id no
     * longer remembered replays nothing.
     */
    public EventSubscription subscribe(String userId, String lastEventId) {
        EventSubscription s = new EventSubscription(userId, clientQueueCapacity, () -> { });
        lock.lock();
        try {
            if (closed) {
                s.close();
                return s;
            }
            if (lastEventId != null) {
                List<OrderEvent> after = new ArrayList<>();
                boolean found = false;
                for (OrderEvent e : recent) {
                    if (found && s.wants(e)) {
                        after.add(e);
                    }
                    found |= e.eventId().equals(lastEventId);
                }
                after.forEach(s::offer);
            }
            clients.add(s);
        } finally {
            lock.unlock();
        }
        return s;
    }

    public void unsubscribe(EventSubscription s) {
        clients.remove(s);
        s.close();
    }

    /** Connected clients. */
    public int clients() {
        return clients.size();
    }

    /** Events dropped for slow clients since start. */
    public long droppedEvents() {
        return dropped.get();
    }

    @Override
    public void close() {
        closed = true;
        for (EventSubscription s : clients) {
            unsubscribe(s);
        }
    }
}
