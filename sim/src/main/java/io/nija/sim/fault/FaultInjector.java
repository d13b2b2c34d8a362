package io.nija.sim.fault;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides, per call, which injected fault (if any) a simulated venue shows. It only decides; each front end
 * acts it out in its own terms — the in-process venue throws VenueExceptions, an HTTP dialect answers 503,
 * drops the connection or withholds the response. Draws come from a seeded random, so a run with the same
 * seed and the same calls sees the same faults.
 */
public final class FaultInjector {
    /** What happens to a call before it reaches the engine. */
    public enum Outcome {
        PROCEED, MAINTENANCE, RATE_LIMITED, SERVER_ERROR, CONNECTION_RESET
    }

    private final AtomicReference<SimFaults> faults = new AtomicReference<>(SimFaults.NONE);
    private final SplittableRandom random;
    /** Its own stream, so turning jitter on does not shift the draws of the other faults (and vice versa). */
    private final SplittableRandom jitter;
    private final Sleeper sleeper;
    private final AtomicReference<StreamFaults> streamFaults = new AtomicReference<>(StreamFaults.NONE);
    /** Stream faults draw from their own sequence, so streams do not shift the REST faults' draws. */
    private final SplittableRandom streamRandom;
    private final java.util.List<Runnable> streamFaultListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FaultInjector(long seed, Sleeper sleeper) {
        this.random = new SplittableRandom(seed);
        this.jitter = new SplittableRandom(io.nija.sim.engine.Seeds.derive(seed, "latency-jitter"));
        this.sleeper = sleeper;
        this.streamRandom = new SplittableRandom(io.nija.sim.engine.Seeds.derive(seed, "streams"));
    }

    public StreamFaults streamFaults() {
        return streamFaults.get();
    }

    /** Sets the websocket faults and tells the venue's streams at once (a disconnect closes them now). */
    public void setStreamFaults(StreamFaults next) {
        streamFaults.set(next == null ? StreamFaults.NONE : next);
        streamFaultListeners.forEach(Runnable::run);
    }

    public void onStreamFaultsChanged(Runnable listener) {
        streamFaultListeners.add(listener);
    }

    /** A seeded draw for a stream fault of this rate. */
    public boolean drawStream(double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        synchronized (streamRandom) {
            return streamRandom.nextDouble() < rate;
        }
    }

    public SimFaults current() {
        return faults.get();
    }

    public void set(SimFaults next) {
        faults.set(next == null ? SimFaults.NONE : next);
    }

    public void clear() {
        set(SimFaults.NONE);
        setStreamFaults(StreamFaults.NONE);
    }

    /** Applies the configured latency, then decides the call's fate before the venue acts. */
    public Outcome beforeCall() {
        SimFaults f = faults.get();
        long latency = latencyMs(f);
        if (latency > 0) {
            sleeper.sleep(Duration.ofMillis(latency));
        }
        if (f.maintenance()) {
            return Outcome.MAINTENANCE;
        }
        if (f.rateLimitStorm()) {
            return Outcome.RATE_LIMITED;
        }
        if (draw(f.http5xxRate())) {
            return Outcome.SERVER_ERROR;
        }
        if (draw(f.resetRate())) {
            return Outcome.CONNECTION_RESET;
        }
        return Outcome.PROCEED;
    }

    /** This call's latency: latency_ms plus a seeded uniform draw in 0..latency_jitter_ms. */
    private long latencyMs(SimFaults f) {
        if (f.latencyJitterMs() <= 0) {
            return f.latencyMs();
        }
        synchronized (jitter) {
            return f.latencyMs() + jitter.nextLong(f.latencyJitterMs() + 1);
        }
    }

    /** How long accepted orders stay invisible to reads right now (the visibility_lag_ms fault). */
    public long visibilityLagMs() {
        return faults.get().visibilityLagMs();
    }

    /** After an order-changing call was carried out: true when its answer is to be lost. */
    public boolean loseAnswer() {
        return draw(faults.get().acceptThenTimeoutRate());
    }

    /** Draws only when the fault is on, so turning one fault on does not shift the sequence of the others. */
    private boolean draw(double rate) {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        synchronized (random) {
            return random.nextDouble() < rate;
        }
    }
}
