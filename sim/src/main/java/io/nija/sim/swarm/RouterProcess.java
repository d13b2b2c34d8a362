package io.nija.sim.swarm;

import io.nija.core.store.memory.InMemoryStore;
import java.util.function.Supplier;

/**
 * One router process of a swarm run, as far as the outside world can tell: alive until it dies mid-call. When a
 * call armed by a {@link SwarmEvent.CrashInCall} has reached its venue, the process dies before it reads the answer:
 * the store is taken as it is at that instant (what a new process will read) and nothing the dead process still
 * tries to send leaves it ({@link Killed}). Its engine may go on running inside the step, but only against a store
 * nobody reads again and venues that never see its calls.
 */
final class RouterProcess {
    /** Thrown at every venue call of a dead process (and at the one in flight when it died). */
    static final class Killed extends RuntimeException {
        Killed() {
            super("the router process was killed", null, false, false);
        }
    }

    /** Decides whether a call that has just been carried out at {@code venue} is the one the crash strikes. */
    interface Trigger {
        boolean strikes(String venue, SwarmEvent.CrashInCall.Call call);
    }

    private final Trigger trigger;
    private final Supplier<InMemoryStore> store;
    private boolean dead;
    private InMemoryStore storeAtDeath;

    RouterProcess(Trigger trigger, Supplier<InMemoryStore> store) {
        this.trigger = trigger;
        this.store = store;
    }

    boolean dead() {
        return dead;
    }

    /** What the store held at the instant of death, as the next process reads it. */
    InMemoryStore storeAtDeath() {
        return storeAtDeath;
    }

    /** Before a call leaves: a dead process sends nothing. */
    void beforeCall() {
        if (dead) {
            throw new Killed();
        }
    }

    /** After a call was carried out at the venue (or refused by it), before its answer is read. */
    void afterCall(String venue, SwarmEvent.CrashInCall.Call call) {
        if (!dead && trigger.strikes(venue, call)) {
            storeAtDeath = store.get().reloaded();
            dead = true;
            throw new Killed();
        }
    }
}
