package io.nija.store;

import java.sql.PreparedStatement;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Counts what the store asks of PostgreSQL: transactions committed (each explicit transaction, and each statement run
 * outside one, which PostgreSQL commits on its own) and statements. A commit is the costly part on a durable
 * database (one WAL flush that the caller waits for), so commits per order is the measure the lane's write path is
 * held to: a number the machine's load cannot distort, unlike timings. Read-only transactions count too.
 */
public final class StoreCounters {
    private final LongAdder commits = new LongAdder();
    private final LongAdder statements = new LongAdder();

    /** A copy of the counts at one moment. */
    public record Snapshot(long commits, long statements) {
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(commits - earlier.commits, statements - earlier.statements);
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(commits.sum(), statements.sum());
    }

    /** Counts every statement and transaction run through {@code jdbi} from now on. */
    void install(Jdbi jdbi) {
        jdbi.addCustomizer(new StatementCustomizer() {
            @Override
            public void afterExecution(PreparedStatement stmt, StatementContext ctx) throws java.sql.SQLException {
                statements.increment();
                if (ctx.getConnection().getAutoCommit()) {
                    commits.increment(); // auto-commit: the statement is its own transaction
                }
            }
        });
        jdbi.setTransactionHandler(new Counting(jdbi.getTransactionHandler()));
    }

    /** Counts the outermost transactions that committed (a nested inTransaction runs inside its caller's). */
    private final class Counting extends DelegatingTransactionHandler {
        Counting(TransactionHandler delegate) {
            super(delegate);
        }

        @Override
        public TransactionHandler specialize(Handle handle) throws java.sql.SQLException {
            return new Counting(getDelegate().specialize(handle));
        }

        @Override
        public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
            boolean outermost = !handle.isInTransaction();
            R r = super.inTransaction(handle, callback);
            if (outermost) {
                commits.increment();
            }
            return r;
        }

        @Override
        public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
                                                        HandleCallback<R, X> callback) throws X {
            boolean outermost = !handle.isInTransaction();
            R r = super.inTransaction(handle, level, callback);
            if (outermost) {
                commits.increment();
            }
            return r;
        }
    }
}
