package io.nija.core.lane;

import java.util.concurrent.Executor;

/**
 * Runs every task on the calling thread. Given to {@link io.nija.core.lane.UserLane} (and the engine's lane
 * runner) it makes lane work synchronous: {@code execute} returns after the lane has drained.
 */
public final class DirectExecutor implements Executor {
    public static final DirectExecutor INSTANCE = new DirectExecutor();

    private DirectExecutor() {
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }
}
