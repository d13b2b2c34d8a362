package io.nija.core.lane;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one user's work one item at a time, in submission order, so that user's orders and positions need no
 * locks; different users' lanes run in parallel on virtual threads. A failing item is logged and does not
 * stop the lane, and a slow user only slows their own lane.
 */
public final class UserLane {
    private static final Logger LOG = LoggerFactory.getLogger(UserLane.class);

    private final String userId;
    private final Executor runner;
    private final ConcurrentLinkedQueue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean retired;

    public UserLane(String userId, Executor runner) {
        this.userId = userId;
        this.runner = runner;
    }

    public void execute(Runnable work) {
        if (retired) {
            return;
        }
        mailbox.add(work);
        if (draining.compareAndSet(false, true)) {
            runner.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable work;
            while ((work = mailbox.poll()) != null) {
                if (retired) {
                    mailbox.clear();
                    break;
                }
                try {
                    work.run();
                } catch (Throwable e) {
                    // Errors too: one escaping here would leave `draining` set and wedge this user's lane for good.
                    LOG.error("work in lane of user {} failed", userId, e);
                }
            }
            draining.set(false);
            // Work added between the last poll and the reset would otherwise wait for the next submit.
        } while (!mailbox.isEmpty() && draining.compareAndSet(false, true));
    }

    /**
     * Stops the lane for good: the work it holds and everything given to it later is dropped (what is running now
     * finishes). For a user whose shard went to another instance: that instance drives the user's orders now, from
     * what the store holds, and this one must not touch them again.
     */
    public void retire() {
        retired = true;
    }

    public boolean isRetired() {
        return retired;
    }

    public String userId() {
        return userId;
    }

    public int backlog() {
        return mailbox.size();
    }
}
