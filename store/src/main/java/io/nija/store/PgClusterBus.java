package io.nija.store;

import io.nija.core.cluster.ClusterBus;
import io.nija.core.cluster.ClusterBus.OrderEventMessage;
import io.nija.core.cluster.ClusterEventLog;
import io.nija.core.cluster.ClusterTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterBus} over PostgreSQL LISTEN/NOTIFY. The channel is named after the schema, so several routers in
 * different schemas of one database do not hear each other. A notification is only a wake-up: receivers read what
 * changed from the store, and a periodic sweep covers notifications lost while a listener reconnected.
 */
public final class PgClusterBus implements ClusterTransport, ClusterEventLog {
    private static final Logger LOG = LoggerFactory.getLogger(PgClusterBus.class);
    /** PostgreSQL's limit on a notification's payload is 8000 bytes; a little is kept spare. */
    static final int MAX_PAYLOAD_BYTES = 7900;
    /** How far back (in sequence numbers) a reconnecting listener reads; see {@link #caughtUp}. */
    static final long CATCH_UP_MARGIN = 2_000;
    /** The others' events delivered lately, by id: at least {@link #CATCH_UP_MARGIN} of them. */
    private static final int HEARD_KEPT = 10_000;
    /** How long stored events are kept for catching up and for stream clients resuming with Last-Event-ID. */
    static final java.time.Duration KEPT_FOR = java.time.Duration.ofHours(1);
    private static final int PRUNE_EVERY = 1_000;

    private final DataSource pool;
    private final String instanceId;
    private final String channel;
    private volatile boolean closed;
    private Thread listener;
    /** The highest sequence number of the others' events heard; -1 before the first connection. */
    private volatile long lastSeq = -1;
    private final Map<String, Boolean> heard = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > HEARD_KEPT;
        }
    };
    /** Events stored by this instance since the last prune (written by the one relay thread only). */
    private long appended;

    PgClusterBus(DataSource pool, String instanceId) {
        this.pool = pool;
        this.instanceId = instanceId;
        this.channel = channelOf(pool);
    }

    /** The schema's channel: every instance using the schema listens on it. */
    static String channelOf(DataSource pool) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_schema()")) {
            rs.next();
            // A channel name is an identifier: at most 63 bytes (schema names are ASCII, see Stores).
            String name = "nija_" + rs.getString(1);
            return name.length() > 63 ? name.substring(0, 63) : name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the current schema", e);
        }
    }

    @Override
    public void signalStored(int shard) {
        notify("s:" + shard);
    }

    @Override
    public void settingsChanged(String userId) {
        notify("k:" + (userId == null ? "*" : userId));
    }

    @Override
    public void cancelRequested(String userId, String orderId) {
        notify("c:" + userId + "\t" + orderId);
    }

    /**
     * Stores the event in {@code cluster_events} and announces it in the same transaction, so the others hear it
     * when it commits; the stored row is what a listener that reconnects catches up from and what an event-stream
     * client resumes from on any instance. An event too big for a notification goes by its sequence number.
     */
    @Override
    public void orderEvent(String userId, String orderId, String eventId, String eventJson) {
        orderEvents(List.of(new OrderEventMessage(userId, orderId, eventId, eventJson)));
    }

    /** Several events in one transaction: one insert, one statement of notifications (in the events' order). */
    @Override
    public void orderEvents(List<OrderEventMessage> events) {
        if (events.isEmpty()) {
            return;
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Long> seqs = new java.util.HashMap<>();
                StringBuilder sql = new StringBuilder("INSERT INTO cluster_events (instance_id, event_id, user_id, json) VALUES ");
                for (int i = 0; i < events.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?)");
                }
                sql.append(" ON CONFLICT (event_id) DO NOTHING RETURNING seq, event_id");
                try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                    int p = 1;
                    for (OrderEventMessage e : events) {
                        s.setString(p++, instanceId);
                        s.setString(p++, e.eventId());
                        s.setString(p++, e.userId());
                        s.setString(p++, e.eventJson());
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            seqs.put(rs.getString(2), rs.getLong(1));
                        }
                    }
                }
                List<String> payloads = new ArrayList<>();
                for (OrderEventMessage e : events) {
                    Long seq = seqs.remove(e.eventId()); // an event stored already was announced then
                    if (seq == null) {
                        continue;
                    }
                    String head = instanceId + "\t" + seq + "\t" + e.userId() + "\t" + e.orderId() + "\t" + e.eventId();
                    String whole = "e:" + head + "\t" + e.eventJson();
                    payloads.add(whole.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES ? whole : "E:" + head);
                }
                if (!payloads.isEmpty()) {
                    try (PreparedStatement n = c.prepareStatement(
                            "SELECT pg_notify(?, p) FROM unnest(?::text[]) AS p")) {
                        n.setString(1, channel);
                        n.setArray(2, c.createArrayOf("text", payloads.toArray()));
                        n.execute();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // The owner's own clients have the events; the others' can read the orders.
            LOG.warn("{} order events not passed to the other instances: {}", events.size(), e.toString());
        }
        appended += events.size();
        if (appended >= PRUNE_EVERY) {
            appended = 0;
            prune();
        }
    }

    /** Events older than {@link #KEPT_FOR} are dropped: a stream client away longer re-reads its orders. */
    private void prune() {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM cluster_events WHERE stored_at < now() - make_interval(secs => ?)")) {
            s.setLong(1, KEPT_FOR.toSeconds());
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("old cluster events not pruned: {}", e.toString());
        }
    }

    @Override
    public Optional<List<String>> after(String eventId, String userId, int limit) {
        try (Connection c = pool.getConnection()) {
            long from;
            String first;
            try (PreparedStatement s = c.prepareStatement("SELECT seq, json FROM cluster_events WHERE event_id = ?")) {
                s.setString(1, eventId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    from = rs.getLong(1);
                    first = rs.getString(2);
                }
            }
            List<String> out = new ArrayList<>();
            out.add(first);
            try (PreparedStatement s = c.prepareStatement("SELECT json FROM cluster_events WHERE seq > ?"
                    + (userId == null ? "" : " AND user_id = ?") + " ORDER BY seq LIMIT ?")) {
                s.setLong(1, from);
                int i = 2;
                if (userId != null) {
                    s.setString(i++, userId);
                }
                s.setInt(i, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return Optional.of(out);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the stored order events", e);
        }
    }

    private void notify(String payload) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, payload);
            ps.execute();
        } catch (SQLException e) {
            // Only a wake-up: the receivers' sweep still finds what was stored.
            LOG.warn("could not notify the other instances ({}): {}", payload, e.toString());
        }
    }

    /** Starts listening on a connection of its own; reconnects after a failure. */
    @Override
    public synchronized void listen(ClusterBus receiver) {
        if (listener != null) {
            throw new IllegalStateException("already listening");
        }
        listener = Thread.ofVirtual().name("cluster-listen-" + instanceId).start(() -> {
            while (!closed) {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + channel + "\"");
                    PGConnection pg = c.unwrap(PGConnection.class);
                    caughtUp(receiver);
                    while (!closed) {
                        PGNotification[] got = pg.getNotifications(250);
                        if (got != null) {
                            for (PGNotification n : got) {
                                deliver(receiver, n.getParameter());
                            }
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    if (!closed) {
                        LOG.warn("cluster listener lost its connection, reconnecting: {}", e.toString());
                        sleepQuietly();
                    }
                }
            }
        });
    }

    /**
     * Listening (again): what was said while this instance was not is read from the store. The others' events are
     * read from a little before the last one heard ({@link #CATCH_UP_MARGIN} sequence numbers): sequence numbers are
     * taken before commit, so an event with a lower number can commit (and be announced) after a higher one was
     * heard; the ones already delivered are skipped by id.
     */
    private void caughtUp(ClusterBus receiver) {
        try {
            receiver.listening();
        } catch (RuntimeException e) {
            LOG.warn("catching up after (re)connecting the cluster listener failed: {}", e.toString());
        }
        try (Connection c = pool.getConnection()) {
            if (lastSeq < 0) {
                // First connection: what came before this instance listened is not this instance's to replay.
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM cluster_events")) {
                    rs.next();
                    lastSeq = rs.getLong(1);
                }
                return;
            }
            int delivered = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT seq, user_id, event_id, json FROM cluster_events "
                    + "WHERE seq > ? AND instance_id <> ? ORDER BY seq")) {
                s.setLong(1, Math.max(0, lastSeq - CATCH_UP_MARGIN));
                s.setString(2, instanceId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String json = rs.getString(4);
                        delivered += deliverEvent(receiver, rs.getLong(1), rs.getString(2), null, rs.getString(3),
                                json) ? 1 : 0;
                    }
                }
            }
            if (delivered > 0) {
                LOG.info("cluster listener reconnected: {} order events it missed delivered", delivered);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("order events missed while the cluster listener was away not caught up: {}", e.toString());
        }
    }

    /** Delivers another instance's event unless delivered already; true when delivered now. */
    private boolean deliverEvent(ClusterBus receiver, long seq, String userId, String orderId, String eventId,
                                 String json) {
        synchronized (heard) {
            if (heard.put(eventId, Boolean.TRUE) != null) {
                return false;
            }
            lastSeq = Math.max(lastSeq, seq);
        }
        if (json != null) {
            receiver.orderEvent(userId, orderId, eventId, json);
        }
        return true;
    }

    private String jsonOf(long seq) {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT json FROM cluster_events WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read a stored order event", e);
        }
    }

    private void deliver(ClusterBus receiver, String payload) {
        try {
            if (payload.startsWith("e:") || payload.startsWith("E:")) {
                boolean whole = payload.startsWith("e:");
                String[] f = payload.substring(2).split("\t", whole ? 6 : 5);
                if (f[0].equals(instanceId)) {
                    return; // this instance's own event: its clients have it already
                }
                long seq = Long.parseLong(f[1]);
                deliverEvent(receiver, seq, f[2], f[3], f[4], whole ? f[5] : jsonOf(seq));
            } else if (payload.startsWith("s:")) {
                receiver.signalStored(Integer.parseInt(payload.substring(2)));
            } else if (payload.startsWith("c:")) {
                int tab = payload.indexOf('\t');
                receiver.cancelRequested(payload.substring(2, tab), payload.substring(tab + 1));
            } else if (payload.startsWith("h:")) {
                int tab = payload.indexOf('\t');
                receiver.rateHold(payload.substring(tab + 1),
                        java.time.Instant.ofEpochMilli(Long.parseLong(payload.substring(2, tab))));
            } else if (payload.startsWith("k:")) {
                String user = payload.substring(2);
                receiver.settingsChanged("*".equals(user) ? null : user);
            }
        } catch (RuntimeException e) {
            LOG.warn("cluster message {} not handled", payload, e);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = listener;
        }
        if (t != null) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
