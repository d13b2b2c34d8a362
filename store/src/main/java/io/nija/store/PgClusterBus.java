package io.nija.store;

import io.nija.core.cluster.ClusterBus;
import io.nija.core.cluster.ClusterTransport;
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
public final class PgClusterBus implements ClusterTransport {
    private static final Logger LOG = LoggerFactory.getLogger(PgClusterBus.class);
    /** PostgreSQL's limit on a notification's payload is 8000 bytes; a little is kept spare. */
    static final int MAX_PAYLOAD_BYTES = 7900;

    private final DataSource pool;
    private final String instanceId;
    private final String channel;
    private volatile boolean closed;
    private Thread listener;

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

    @Override
    public void orderEvent(String userId, String orderId, String eventId, String eventJson) {
        String whole = "e:" + instanceId + "\t" + eventJson;
        // A notification carries at most 8000 bytes: a bigger event goes by reference and is rebuilt from the store.
        notify(whole.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES ? whole
                : "E:" + instanceId + "\t" + userId + "\t" + orderId + "\t" + eventId);
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

    /** Listening (again): what was said while this instance was not is read from the store. */
    private void caughtUp(ClusterBus receiver) {
        try {
            receiver.listening();
        } catch (RuntimeException e) {
            LOG.warn("catching up after (re)connecting the cluster listener failed: {}", e.toString());
        }
    }

    private void deliver(ClusterBus receiver, String payload) {
        try {
            if (payload.startsWith("e:") || payload.startsWith("E:")) {
                String[] f = payload.substring(2).split("\t", payload.startsWith("e:") ? 2 : 4);
                if (f[0].equals(instanceId)) {
                    return; // this instance's own event: its clients have it already
                }
                if (payload.startsWith("e:")) {
                    receiver.orderEvent(null, null, null, f[1]);
                } else {
                    receiver.orderEvent(f[1], f[2], f[3], null);
                }
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
