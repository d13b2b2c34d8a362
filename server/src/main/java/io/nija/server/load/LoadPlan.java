package io.nija.server.load;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one load run sends, and when, as plain numbers: the users to create, the schedule of signals (each with its
 * time from the start, sender, target instance, client pool and phase) and, for {@link Scenario#FAN_OUT}, the
 * subscribers. The engine only carries a plan out, so every scenario's shape can be checked without a service.
 *
 * <p>{@code rate} is signals per second (steady and multi-instance: all users together; isolation: the quiet user's);
 * {@code duration} is how long a steady run lasts (isolation: each of its two halves). {@code warmup} is an
 * unmeasured stretch of the same load before a steady run. {@code instances} is how many services share the load.
 */
public record LoadPlan(Scenario scenario, int users, int signalsPerUser, BigDecimal sizeUsd, String pair,
                       int concurrency, int rate, Duration duration, Duration warmup, int subscribers,
                       int floodSignals, int instances, Duration timeout) {

    /** Client pool of the ordinary senders. */
    public static final String MAIN = "main";
    /** Isolation: the quiet user's own pool, so the flood's requests never queue its signals in the client. */
    public static final String QUIET_POOL = "quiet";
    /** Isolation: the flooding user's pool. */
    public static final String FLOOD_POOL = "flood";

    /** Phases whose latencies are reported (warm-up's are not). */
    public static final String PHASE_BURST = "burst";
    public static final String PHASE_STEADY = "steady";
    public static final String PHASE_WARMUP = "warm-up";
    public static final String PHASE_QUIET = "quiet";
    public static final String PHASE_FLOODED = "flooded";
    public static final String PHASE_FLOOD = "flood";
    public static final String PHASE_FAN_OUT = "fan-out";

    /** In the fan-out, every this-many-th subscriber has a max order below the subscription: it must be refused. */
    public static final int LIMITED_EVERY = 100;
    /** The fan-out's subscription size. */
    public static final BigDecimal SUBSCRIPTION_USD = new BigDecimal("10");

    public LoadPlan {
        if (users < 1 || signalsPerUser < 1 || concurrency < 1 || rate < 1 || subscribers < 1 || floodSignals < 0
                || instances < 1) {
            throw new IllegalArgumentException("users, signals per user, concurrency, rate, subscribers and instances "
                    + "must be at least 1");
        }
        if (sizeUsd.signum() <= 0) {
            throw new IllegalArgumentException("the size must be positive");
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("durations must be positive");
        }
        if (scenario == Scenario.ISOLATION) {
            users = 2;
        }
    }

    /** The defaults of each scenario: the sizes of the performance targets. */
    public static LoadPlan defaults(Scenario s) {
        return switch (s) {
            case BURST -> new LoadPlan(s, 1000, 1, new BigDecimal("100"), "BTC-USD", 64, 1, Duration.ofSeconds(60),
                    Duration.ZERO, 1, 0, 1, Duration.ofMinutes(5));
            case STEADY -> new LoadPlan(s, 100, 1, new BigDecimal("100"), "BTC-USD", 64, 834, Duration.ofSeconds(60),
                    Duration.ofSeconds(10), 1, 0, 1, Duration.ofMinutes(5));
            case FAN_OUT -> new LoadPlan(s, 1, 1, new BigDecimal("1000"), "BTC-USD", 16, 1, Duration.ofSeconds(60),
                    Duration.ZERO, 10_000, 0, 1, Duration.ofMinutes(10));
            // 4/s: one user's lane handles its orders one at a time, and on a busy 2-core machine a quiet user at
            // 20/s queued behind itself before any flood (bench/results/loadtest-isolation-2026-12-07.md).
            case ISOLATION -> new LoadPlan(s, 2, 1, new BigDecimal("10"), "BTC-USD", 32, 4, Duration.ofSeconds(30),
                    Duration.ofSeconds(10), 1, 6_000, 1, Duration.ofMinutes(5));
            case MULTI_INSTANCE -> new LoadPlan(s, 150, 1, new BigDecimal("100"), "BTC-USD", 96, 834,
                    Duration.ofSeconds(60), Duration.ofSeconds(10), 1, 0, 3, Duration.ofMinutes(5));
        };
    }

    /** One signal to send: when (from the start of the run), from which user, to which instance, through which pool. */
    public record Shot(long atNanos, int user, int target, String pool, String phase) {
    }

    /** Signals the run sends (the fan-out sends one alert instead). */
    public List<Shot> shots() {
        List<Shot> shots = new ArrayList<>();
        switch (scenario) {
            case BURST -> {
                int n = users * signalsPerUser;
                for (int i = 0; i < n; i++) {
                    shots.add(new Shot(0, i % users, 0, MAIN, PHASE_BURST));
                }
            }
            case STEADY, MULTI_INSTANCE -> {
                long warm = count(rate, warmup);
                long total = warm + count(rate, duration);
                for (long i = 0; i < total; i++) {
                    int user = (int) (i % users);
                    shots.add(new Shot(spacing(i, rate), user, user % instances, MAIN, i < warm ? PHASE_WARMUP : PHASE_STEADY));
                }
            }
            case ISOLATION -> {
                // The quiet user (0) at `rate` through warm-up, the quiet half and the flooded half; the flooder (1)
                // sends floodSignals spread evenly over the flooded half only.
                long warm = count(rate, warmup);
                long half = count(rate, duration);
                for (long i = 0; i < warm + 2 * half; i++) {
                    String phase = i < warm ? PHASE_WARMUP : i < warm + half ? PHASE_QUIET : PHASE_FLOODED;
                    shots.add(new Shot(spacing(i, rate), 0, 0, QUIET_POOL, phase));
                }
                long floodStart = spacing(warm + half, rate);
                for (long i = 0; i < floodSignals; i++) {
                    shots.add(new Shot(floodStart + duration.toNanos() * i / floodSignals, 1, 0, FLOOD_POOL, PHASE_FLOOD));
                }
            }
            case FAN_OUT -> {
                // nothing but the alert
            }
        }
        shots.sort(Comparator.comparingLong(Shot::atNanos));
        return shots;
    }

    /** Signals each user sends at most (sizes the user's limits so none is refused for them). */
    public long signalsOfBusiestUser() {
        long most = 0;
        long[] per = new long[users];
        for (Shot s : shots()) {
            most = Math.max(most, ++per[s.user()]);
        }
        return Math.max(most, 1);
    }

    /** The fan-out's subscribers whose limits refuse the alert (kept to show the fan-out still checks limits). */
    public boolean limitedSubscriber(int i) {
        return scenario == Scenario.FAN_OUT && i % LIMITED_EVERY == LIMITED_EVERY - 1;
    }

    /** Subscribers whose order must reach a venue. */
    public int subscribersTrading() {
        return subscribers - subscribers / LIMITED_EVERY;
    }

    /** Phases whose latencies the report shows, in order. */
    public List<String> measuredPhases() {
        return switch (scenario) {
            case BURST -> List.of(PHASE_BURST);
            case STEADY, MULTI_INSTANCE -> List.of(PHASE_STEADY);
            case ISOLATION -> List.of(PHASE_QUIET, PHASE_FLOODED, PHASE_FLOOD);
            case FAN_OUT -> List.of(PHASE_FAN_OUT);
        };
    }

    /** Users this plan creates (fan-out: its subscribers). */
    public int usersToCreate() {
        return scenario == Scenario.FAN_OUT ? subscribers : users;
    }

    public LoadPlan withUsers(int n) {
        return new LoadPlan(scenario, n, signalsPerUser, sizeUsd, pair, concurrency, rate, duration, warmup, subscribers,
                floodSignals, instances, timeout);
    }

    public LoadPlan withSignalsPerUser(int n) {
        return new LoadPlan(scenario, users, n, sizeUsd, pair, concurrency, rate, duration, warmup, subscribers,
                floodSignals, instances, timeout);
    }

    public LoadPlan withSize(BigDecimal usd) {
        return new LoadPlan(scenario, users, signalsPerUser, usd, pair, concurrency, rate, duration, warmup, subscribers,
                floodSignals, instances, timeout);
    }

    public LoadPlan withPair(String p) {
        return new LoadPlan(scenario, users, signalsPerUser, sizeUsd, p, concurrency, rate, duration, warmup, subscribers,
                floodSignals, instances, timeout);
    }

    public LoadPlan withConcurrency(int n) {
        return new LoadPlan(scenario, users, signalsPerUser, sizeUsd, pair, n, rate, duration, warmup, subscribers,
                floodSignals, instances, timeout);
    }

    public LoadPlan withRate(int perSecond, Duration d, Duration w) {
        return new LoadPlan(scenario, users, signalsPerUser, sizeUsd, pair, concurrency, perSecond, d, w, subscribers,
                floodSignals, instances, timeout);
    }

    public LoadPlan withSubscribers(int n) {
        return new LoadPlan(scenario, users, signalsPerUser, sizeUsd, pair, concurrency, rate, duration, warmup, n,
                floodSignals, instances, timeout);
    }

    public LoadPlan withFloodSignals(int n) {
        return new LoadPlan(scenario, users, signalsPerUser, sizeUsd, pair, concurrency, rate, duration, warmup, subscribers,
                n, instances, timeout);
    }

    public LoadPlan withInstances(int n) {
        return new LoadPlan(scenario, users, signalsPerUser, sizeUsd, pair, concurrency, rate, duration, warmup, subscribers,
                floodSignals, n, timeout);
    }

    public LoadPlan withTimeout(Duration t) {
        return new LoadPlan(scenario, users, signalsPerUser, sizeUsd, pair, concurrency, rate, duration, warmup, subscribers,
                floodSignals, instances, t);
    }

    /** One line saying what the plan does, for the report's title. */
    public String describe() {
        return switch (scenario) {
            case BURST -> users + " users x " + signalsPerUser + " x $" + sizeUsd.toPlainString() + " " + pair + ", all at once";
            case STEADY -> rate + " signals/s of $" + sizeUsd.toPlainString() + " " + pair + " from " + users + " users for "
                    + duration.toSeconds() + " s (after " + warmup.toSeconds() + " s warm-up)";
            case MULTI_INSTANCE -> rate + " signals/s of $" + sizeUsd.toPlainString() + " " + pair + " from " + users
                    + " users over " + instances + " instances for " + duration.toSeconds() + " s (after "
                    + warmup.toSeconds() + " s warm-up)";
            case ISOLATION -> "a quiet user at " + rate + " signals/s of $" + sizeUsd.toPlainString() + " " + pair + ", "
                    + duration.toSeconds() + " s alone, then " + duration.toSeconds() + " s while another user floods "
                    + floodSignals + " signals";
            case FAN_OUT -> "one TradingView alert to " + subscribers + " subscribers of $" + SUBSCRIPTION_USD.toPlainString()
                    + " " + pair + " (every " + LIMITED_EVERY + "th over its max order, to be refused)";
        };
    }

    private static long count(int rate, Duration d) {
        return rate * d.toMillis() / 1000;
    }

    private static long spacing(long i, int rate) {
        return i * 1_000_000_000L / rate;
    }
}
