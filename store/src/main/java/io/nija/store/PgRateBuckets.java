package io.nija.store;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.AbstractSelectForUpdateBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.LockAndGetResult;
import io.github.bucket4j.distributed.proxy.generic.select_for_update.SelectForUpdateBasedTransaction;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Bucket4j buckets kept in PostgreSQL (table rate_buckets, V12), so several router instances draw on one budget: each
 * consumption is one short transaction that locks the bucket's row, applies the command to its state and writes it
 * back. This is the shape of Bucket4j's own PostgreSQL "select for update" backend, written here on Bucket4j's core
 * (already a dependency) rather than adding that module; the rows are compatible with nothing else and need not be.
 */
public final class PgRateBuckets extends AbstractSelectForUpdateBasedProxyManager<String> {
    private final DataSource pool;

    PgRateBuckets(DataSource pool, TimeMeter clock) {
        super(ClientSideConfig.getDefault().withClientClock(clock));
        this.pool = pool;
    }

    @Override
    protected SelectForUpdateBasedTransaction allocateTransaction(String key, Optional<Long> timeoutNanos) {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("no connection for the shared rate budget", e);
        }
        return new SelectForUpdateBasedTransaction() {
            @Override
            public void begin(Optional<Long> timeout) {
                run(() -> c.setAutoCommit(false));
            }

            @Override
            public LockAndGetResult tryLockAndGet(Optional<Long> timeout) {
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT state FROM rate_buckets WHERE bucket_key = ? FOR UPDATE")) {
                    applyTimeout(s, timeout);
                    s.setString(1, key);
                    try (ResultSet rs = s.executeQuery()) {
                        return rs.next() ? LockAndGetResult.locked(rs.getBytes(1)) : LockAndGetResult.notLocked();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public boolean tryInsertEmptyData(Optional<Long> timeout) {
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO rate_buckets (bucket_key, state) VALUES (?, NULL) ON CONFLICT (bucket_key) DO NOTHING")) {
                    applyTimeout(s, timeout);
                    s.setString(1, key);
                    return s.executeUpdate() > 0;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void update(byte[] data, RemoteBucketState newState, Optional<Long> timeout) {
                try (PreparedStatement s = c.prepareStatement("UPDATE rate_buckets SET state = ? WHERE bucket_key = ?")) {
                    applyTimeout(s, timeout);
                    s.setBytes(1, data);
                    s.setString(2, key);
                    s.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void commit(Optional<Long> timeout) {
                run(c::commit);
            }

            @Override
            public void rollback() {
                run(c::rollback);
            }

            @Override
            public void release() {
                run(c::close);
            }
        };
    }

    @Override
    public void removeProxy(String key) {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM rate_buckets WHERE bucket_key = ?")) {
            s.setString(1, key);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface SqlStep {
        void run() throws SQLException;
    }

    private static void run(SqlStep step) {
        try {
            step.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
