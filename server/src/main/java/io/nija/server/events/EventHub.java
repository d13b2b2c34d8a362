package io.nija.server.events;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans order events out to the connected Server-Sent Events clients, each through its own bounded queue, and keeps
 * the last {@code recentCapacity} events so a client that reconnects with {@code Last-Event-ID} gets what it missed.
 * Publishing never blocks on a client.
 */
public final class EventHub implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventHub.class);
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
     * Where the events of every instance are stored, for clients that resume here with an id this instance may not
     * have seen (several instances); null: this instance's recent events only.
     */
    public interface Archive {
        /**
         * The stored event {@code eventId} followed by up to {@code limit} later events of {@code userId} (null: all
         * users), oldest first; empty when {@code eventId} is not stored.
         */
        Optional<List<OrderEvent>> after(String eventId, String userId, int limit);
    }

    private volatile Archive archive;

    /** Clients resuming with {@code Last-Event-ID} are also replayed what {@code archive} stored after that id. */
    public void archive(Archive archive) {
        this.archive = archive;
    }

    /**
     * A new client of one user's events ({@code userId} null: everyone's). With a {@code lastEventId} still among
     * the recent events, the client's queue starts with the events after it (a reconnect misses nothing); an id no
     * longer remembered replays nothing. With an archive (several instances), the events stored after the id come
     * first (a client may resume on an instance that did not see them, or saw them in another order), then the
     * recent events here that the store did not have yet (this instance's own, on their way to the store): those
     * after the id, or, when the id is not among them, those made since the id's event was made. Each event at
     * most once; a client may see an event again that it had before the id, and tells it by its id.
     */
    public EventSubscription subscribe(String userId, String lastEventId) {
        EventSubscription s = new EventSubscription(userId, clientQueueCapacity, () -> { });
        Optional<List<OrderEvent>> stored = Optional.empty();
        Archive a = archive;
        if (lastEventId != null && a != null) {
            try {
                // Read before taking the lock (publishing never waits for the database); what is published
                // meanwhile is in the recent events, replayed below.
                stored = a.after(lastEventId, userId, recentCapacity);
            } catch (RuntimeException e) {
                LOG.warn("stored order events not read for a resuming stream client: {}", e.toString());
            }
        }
        lock.lock();
        try {
            if (closed) {
                s.close();
                return s;
            }
            if (lastEventId != null) {
                List<OrderEvent> after = new ArrayList<>();
                Set<String> replayed = new HashSet<>();
                replayed.add(lastEventId);
                Instant since = null;
                if (stored.isPresent() && !stored.get().isEmpty()) {
                    List<OrderEvent> got = stored.get();
                    since = got.get(0).createdAt();
                    for (OrderEvent e : got.subList(1, got.size())) {
                        if (s.wants(e) && replayed.add(e.eventId())) {
                            after.add(e);
                        }
                    }
                }
                boolean found = false;
                for (OrderEvent e : recent) {
                    boolean later = found || (since != null && !e.createdAt().isBefore(since));
                    if (later && s.wants(e) && replayed.add(e.eventId())) {
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
