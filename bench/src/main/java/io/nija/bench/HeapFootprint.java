package io.nija.bench;

import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.EngineListener;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.instrument.Pair;
import io.nija.core.position.Position;
import io.nija.core.store.memory.InMemoryStore;
import io.nija.core.time.SystemClock;
import io.nija.core.time.ThreadScheduler;
import io.nija.core.user.Ids;
import io.nija.core.user.Role;
import io.nija.core.user.UserLimits;
import io.nija.server.app.RouterService;
import io.nija.server.app.SimPaperExchange;
import io.nija.server.auth.CredentialVault;
import io.nija.server.auth.Principal;
import io.nija.server.metrics.RouterMetrics;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.management.ObjectName;

/**
 * Live heap per user: the service wired as {@code RouterApp} wires it (paper trading on the in-process simulator,
 * the engine, the credential vault, {@code RouterService}), with an {@link InMemoryStore} in place of PostgreSQL so
 * 100 000 users can be made in a minute. Each user is made through the service's own calls: created (a paper user:
 * six funded simulator accounts and six sealed credentials, decrypted keys cached), limits put, subscribed to a
 * strategy, one position stored and the user's engine context loaded (what a signal, a limits change or a restart's
 * recovery does), and the venue of that position used once (its keys decrypted and cached, its paper account open).
 *
 * <p>Reported after full GCs: the live heap of everything, and again with the in-memory store emptied (with
 * PostgreSQL those rows are in the database, not in this JVM), per user, and the largest classes.
 *
 * <p>Run: {@code java -Xmx2g -cp bench/target/benchmarks.jar io.nija.bench.HeapFootprint --users 100000}
 */
public final class HeapFootprint {
    private HeapFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int users = 100_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--users")) {
                users = Integer.parseInt(args[++i]);
            }
        }
        long empty = liveHeap();
        SystemClock clock = new SystemClock();
        InMemoryStore store = new InMemoryStore();
        ThreadScheduler scheduler = new ThreadScheduler();
        ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor();
        SimPaperExchange paper = new SimPaperExchange(clock, 7);
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        Ids ids = new Ids(clock, 7);
        RouterService[] service = new RouterService[1];
        ExecutionEngine engine = new ExecutionEngine(EngineConfig.defaults(), store, paper.venues(),
                (user, venue) -> service[0].account(user, venue), clock, scheduler, ids, lanes, EngineListener.NONE);
        service[0] = new RouterService(store, engine, new CredentialVault(masterKey), paper, new RouterMetrics(),
                "heap-admin-token-0123456789abcdef", ids);
        RouterService s = service[0];
        s.createStrategy(Principal.ADMIN, "heap-strategy", "heap-webhook-secret-0123456789");
        long base = liveHeap();
        UserLimits limits = UserLimits.defaults().withTradesPerSecond(5);
        Pair btc = new Pair("BTC", "USD");
        long started = System.nanoTime();
        for (int i = 0; i < users; i++) {
            String id = "heap-user-" + i;
            s.createUser(Principal.ADMIN, id, Role.USER, UserLimits.defaults());
            s.putLimits(Principal.ADMIN, id, limits);
            s.putSubscription(Principal.ADMIN, id, "heap-strategy", true, new BigDecimal("100"), null, null);
            store.savePositions(List.of(Position.restore(id, "binance", btc, new BigDecimal("0.0015"),
                    new BigDecimal("65000"), BigDecimal.ZERO)));
            engine.isFlat(id); // loads the user's engine context, with its position
            // The position came from trading on binance: the keys used there are decrypted and cached, and the
            // paper account there is open (as after the user's first order).
            paper.venues().get("binance").balances(s.account(id, "binance").orElseThrow());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long all = liveHeap();
        String histogram = histogram(25);
        emptyStore(store);
        long withoutStore = liveHeap();
        System.out.printf("users: %d (made in %.1f s)%n", users, seconds);
        System.out.printf("live heap, empty JVM: %.1f MiB; service wired, no users: %.1f MiB%n", mib(empty), mib(base));
        System.out.printf("live heap with the users, in-memory store included: %.1f MiB (%.0f bytes/user)%n",
                mib(all), (double) (all - base) / users);
        System.out.printf("live heap with the users, store rows dropped (as with PostgreSQL): %.1f MiB (%.0f bytes/user)%n",
                mib(withoutStore), (double) (withoutStore - base) / users);
        System.out.println("largest classes (store included):");
        System.out.println(histogram);
        engine.close();
        paper.close();
        scheduler.close();
        lanes.shutdownNow();
        System.exit(0);
    }

    /** Heap used after full collections, the best the JVM can say about live data. */
    static long liveHeap() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            Runtime r = Runtime.getRuntime();
            used = Math.min(used, r.totalMemory() - r.freeMemory());
        }
        return used;
    }

    static String histogram(int lines) throws Exception {
        String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return String.join("\n", h.lines().limit(lines + 3).toList());
    }

    /** Empties the store's maps and lists: with PostgreSQL the rows are not in this JVM. */
    static void emptyStore(InMemoryStore store) throws IllegalAccessException {
        for (Field f : InMemoryStore.class.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object v = f.get(store);
            if (v instanceof Map<?, ?> m) {
                m.clear();
            } else if (v instanceof java.util.Collection<?> c) {
                c.clear();
            }
        }
    }

    static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}
