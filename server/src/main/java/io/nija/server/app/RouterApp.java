package io.nija.server.app;

import io.nija.core.engine.EngineConfig;
import io.nija.core.engine.ExecutionEngine;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import io.nija.core.time.Scheduler;
import io.nija.core.time.SystemClock;
import io.nija.core.time.ThreadScheduler;
import io.nija.core.user.Ids;
import io.nija.core.venue.Venue;
import io.nija.server.auth.CredentialVault;
import io.nija.core.bracket.BracketDesk;
import io.nija.server.events.EngineListeners;
import io.nija.server.events.Notifications;
import io.nija.server.events.WebhookAddressGuard;
import io.nija.server.http.ApiServer;
import io.nija.server.metrics.RouterMetrics;
import io.nija.server.metrics.TimedVenue;
import io.nija.core.cluster.Shards;
import io.nija.store.JdbcStore;
import io.nija.store.Stores;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the whole service from {@link ServeOptions}: store, venues, engine, HTTP API. */
public final class RouterApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterApp.class);

    private final Store store;
    private final Scheduler scheduler;
    private final ExecutorService laneRunner;
    private final ExecutionEngine engine;
    private final RouterService service;
    private final ApiServer api;
    private final Secrets.AdminToken adminToken;
    private final PaperExchange paper;
    private final Notifications notifications;
    /** The service's metrics; closed on stop (the JVM's GC listener it registered). */
    private final RouterMetrics metrics;
    /** Set when the store is an external PostgreSQL other instances may share; null for the embedded store. */
    private final ClusterMember cluster;
    /** Renews the leases on a thread of its own (cluster only). */
    private final LeaseTimer leaseTimer;
    private final BracketDesk brackets;
    /** How often armed brackets are checked against the books (the engine's book cache is 250 ms). */
    private static final java.time.Duration BRACKET_WATCH_INTERVAL = java.time.Duration.ofMillis(500);
    /** The venues' private and book streams, when venues are reached over HTTP (null otherwise). */
    private io.nija.venues.stream.StreamSupervisor orderStreams;
    private io.nija.venues.stream.BookSupervisor bookStreams;

    /** Runs {@link #close()} on SIGTERM; removed again when the app is closed first. */
    private final Thread closeOnJvmExit;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    /** Open once the constructor has finished or failed: a SIGTERM during the start waits for it, then stops. */
    private final java.util.concurrent.CountDownLatch startFinished = new java.util.concurrent.CountDownLatch(1);
    /** How long a stop waits for the lanes to finish what they hold. */
    private static final java.time.Duration LANE_DRAIN = java.time.Duration.ofSeconds(5);

    private RouterApp(ServeOptions o, EngineConfig engineConfig, Notifications.Options notificationOptions,
                      PaperExchange paperOverride) {
        if (o.cluster() && o.dbUrl() == null) {
            throw new IllegalArgumentException("--cluster needs --db-url: the instances share one external PostgreSQL");
        }
        createDirectories(o);
        Clock clock = new SystemClock();
        this.adminToken = Secrets.adminToken(o.dataDir());
        // The embedded server is stopped by our ordered close() only (see Stores#embeddedClosedByOwner): a JVM hook
        // of its own would stop it while the webhook dispatcher still releases its claims.
        this.store = o.dbUrl() == null ? Stores.embeddedClosedByOwner(o.dataDir()) : Stores.external(o.dbUrl(), o.dbSchema());
        this.closeOnJvmExit = new Thread(this::close, "nija-shutdown");
        Runtime.getRuntime().addShutdownHook(closeOnJvmExit);
        // What has started so far, stopped in reverse (the store last) if the start fails half-way.
        java.util.ArrayDeque<AutoCloseable> started = new java.util.ArrayDeque<>();
        started.push(store);
        try {
            this.scheduler = new ThreadScheduler();
            started.push(scheduler);
            this.laneRunner = Executors.newVirtualThreadPerTaskExecutor();
            started.push(laneRunner::shutdownNow);
            this.paper = paperOverride != null ? paperOverride : o.venuesFrom() == null
                    ? new SimPaperExchange(clock, o.seed(), o.marketFlow() ? scheduler : null) : null;
            if (paper instanceof AutoCloseable c) {
                started.push(c);
            }
            if (o.visibility() != null) {
                engineConfig = engineConfig.withVisibility(o.visibility());
            }
            RouterMetrics metrics = new RouterMetrics(clock::now);
            this.metrics = metrics;
            started.push(metrics);
            metrics.bindProcess();
            if (store instanceof JdbcStore jdbc) {
                jdbc.bindPoolMetrics(metrics.registry());
            }
            Map<String, Venue> rawVenues = paper != null ? paper.venues()
                    : VenueConfig.load(o.venuesFrom(), clock, o.liveTrading());
            java.util.function.BiConsumer<String, Instant> rateHolds = null;
            if (o.cluster() && store instanceof JdbcStore jdbc) {
                // before the timing wrapper: sharing reaches into the adapters' own limiters
                rateHolds = SharedIpLimits.share(rawVenues, jdbc, clock);
            }
            Map<String, Venue> venues = TimedVenue.wrapAll(rawVenues, metrics.registry());
            if (paper == null) {
                // Real venues (or a simulator over HTTP): paper users' orders are filled here against each venue's
                // public book and never sent; live users' go through untouched.
                venues = io.nija.core.paper.PaperVenue.wrapAll(venues, clock, io.nija.core.paper.PaperLedger.of(store));
            }
            java.util.List<byte[]> previousKeys = Secrets.previousMasterKeys(o.dataDir());
            CredentialVault vault = new CredentialVault(Secrets.masterKey(o.dataDir()), previousKeys);
            if (o.allowPrivateWebhooks()) {
                LOG.warn("users' webhooks may point at loopback, private and link-local addresses (--allow-private-webhooks): "
                        + "for local development and tests only");
            }
            Notifications.Options notify = notificationOptions;
            if (notify.webhooks().instanceId() == null) {
                // A name kept in the data dir: after a crash, this instance's next run releases the claims it left.
                notify = notify.withWebhooks(notify.webhooks().withInstanceId(Secrets.instanceId(o.dataDir())));
            }
            this.notifications = new Notifications(store, vault, clock, metrics.registry(), notify,
                    WebhookAddressGuard.of(o.allowPrivateWebhooks()));
            started.push(notifications);
            AtomicReference<RouterService> serviceRef = new AtomicReference<>();
            Ids ids = new Ids(clock, o.seed() ^ System.nanoTime());
            this.brackets = new BracketDesk(store, clock);
            this.engine = new ExecutionEngine(engineConfig, store, venues, (user, venue) -> serviceRef.get().account(user, venue),
                    clock, scheduler, ids, laneRunner, EngineListeners.of(metrics, notifications, brackets));
            started.push(engine);
            this.service = new RouterService(store, engine, vault, paper, metrics,
                    adminToken.token(), ids);
            serviceRef.set(service);
            metrics.bind(engine);
            startStreams(o, clock, engineConfig, metrics, rawVenues); // the adapters themselves, not their timing wrappers
            service.restorePaperAccounts();
            Instant startedAt = clock.now();
            String localId = Secrets.instanceId(o.dataDir());
            if (o.cluster() && store instanceof JdbcStore jdbc) {
                // An external database may be shared by several instances: lease shards, fence writes, listen.
                RouterService svc = service;
                this.leaseTimer = new LeaseTimer();
                started.push(leaseTimer);
                this.cluster = new ClusterMember(jdbc, engine, localId, clock, leaseTimer, ClusterMember.LEASE_TIME,
                        svc::forgetAccounts).relayEvents(notifications).shareRateHolds(rateHolds).start();
                cluster.bind(metrics.registry());
                service.clusterStatus(cluster::status);
                service.sharesStoreWithOtherInstances();
                LOG.info("instance {} holds {} of {} shards", localId, cluster.leases().held().size(), Shards.COUNT);
            } else {
                this.leaseTimer = null;
                this.cluster = null;
                List<Integer> all = IntStream.range(0, Shards.COUNT).boxed().toList();
                service.clusterStatus(() -> new ClusterStatus("single-node", Shards.COUNT,
                        List.of(new ClusterStatus.Instance(localId, startedAt, clock.now(), all)), 0));
            }
            // Before the orders are resumed, so the updates of a bracket's working exit find its bracket.
            brackets.attach(engine);
            int resumed = engine.recover();
            if (resumed > 0) {
                LOG.info("resuming {} unfinished orders from the store", resumed);
            }
            // Alerts answered before a stop but not fanned out to every subscriber yet (idempotent per alert and user).
            service.resumeFanOuts();
            engine.reconcileEvery(java.time.Duration.ofSeconds(60));
            brackets.watchEvery(scheduler, BRACKET_WATCH_INTERVAL);
            this.api = new ApiServer(service, o.host(), o.port(), o.apiRateLimit(), notifications).start();
            if (!previousKeys.isEmpty()) {
                // Rotation under way: re-wrap in the background while the service already answers.
                Thread.ofVirtual().name("key-rotation").start(() -> {
                    int n = KeyRotation.rewrapAll(store, vault, engine.executors().keySet());
                    LOG.info("master key rotation: {} sealed records re-wrapped with the current key", n);
                });
            }
        } catch (RuntimeException | Error e) {
            // Nothing else stops the embedded database now: stop what was started, the store last.
            closed.set(true);
            closeQuietly(started.toArray(AutoCloseable[]::new));
            removeShutdownHook();
            startFinished.countDown();
            throw e;
        }
        startFinished.countDown();
    }

    /**
     * Venues reached over HTTP whose streams are implemented (docs/streams.md) push their orders' events and their
     * books: one private stream per API key, opened when the engine first follows an order of that key, and one book
     * stream per pair, shared by every user. Paper trading runs in process and needs none.
     */
    private void startStreams(ServeOptions o, Clock clock, EngineConfig engineConfig, RouterMetrics metrics,
                              Map<String, Venue> adapters) {
        Map<String, String> venueUrls;
        if (o.venuesFrom() != null) {
            venueUrls = VenueConfig.read(o.venuesFrom());
        } else if (paper instanceof SimOverHttp sim) {
            venueUrls = sim.baseUrls(); // serve --with-sim: the simulator's venues, reached over HTTP like real ones
        } else {
            return;
        }
        if (!o.streams()) {
            LOG.info("streams: off (every order and book is read by REST)");
            return;
        }
        Map<String, io.nija.venues.stream.PrivateStreamDialect> privateStreams = new java.util.LinkedHashMap<>();
        Map<String, io.nija.venues.stream.BookStreamDialect> bookStreams = new java.util.LinkedHashMap<>();
        venueUrls.forEach((name, url) -> {
            String venue = name.toLowerCase(java.util.Locale.ROOT);
            java.net.URI base = java.net.URI.create(url);
            Venue adapter = adapters.get(venue);
            if (adapter instanceof io.nija.core.paper.PaperVenue paperWrapped) {
                adapter = paperWrapped.venue(); // live users' calls go to the venue itself, and so do the stream's
            }
            io.nija.venues.stream.VenueStreams.privateStream(venue, base, adapter)
                    .ifPresent(d -> privateStreams.put(venue, d));
            io.nija.venues.stream.VenueStreams.bookStream(venue, base, adapter, alpacaDataKeys())
                    .ifPresent(d -> bookStreams.put(venue, d));
        });
        io.nija.venues.stream.StreamConfig streamConfig = io.nija.venues.stream.StreamConfig.defaults();
        if (!privateStreams.isEmpty()) {
            orderStreams = new io.nija.venues.stream.StreamSupervisor(privateStreams, engine.orderEvents(), scheduler,
                    clock, streamConfig);
            engine.orderStreams(orderStreams, java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(5));
        }
        if (!bookStreams.isEmpty()) {
            this.bookStreams = new io.nija.venues.stream.BookSupervisor(bookStreams, scheduler, clock, streamConfig,
                    engineConfig.bookDepth());
            engine.marketData().feed(this.bookStreams);
        }
        metrics.bindStreams(orderStreams, this.bookStreams);
        LOG.info("streams: private {} books {}", privateStreams.keySet(), bookStreams.keySet());
    }

    public static RouterApp start(ServeOptions o) {
        return new RouterApp(o, EngineConfig.defaults(), Notifications.Options.defaults(), null);
    }

    public static RouterApp start(ServeOptions o, EngineConfig engineConfig) {
        return new RouterApp(o, engineConfig, Notifications.Options.defaults(), null);
    }

    /** With notification settings of its own (tests: short webhook backoff, short SSE keep-alive). */
    public static RouterApp start(ServeOptions o, Notifications.Options notificationOptions) {
        return new RouterApp(o, EngineConfig.defaults(), notificationOptions, null);
    }

    /**
     * Paper trading on {@code paper} instead of the in-process simulator (its venues are the engine's; {@code
     * venuesFrom} is ignored). Closed by the app after the venue executors, when it is {@link AutoCloseable}.
     */
    public static RouterApp start(ServeOptions o, PaperExchange paper) {
        return start(o, EngineConfig.defaults(), paper);
    }

    public static RouterApp start(ServeOptions o, EngineConfig engineConfig, PaperExchange paper) {
        return new RouterApp(o, engineConfig, Notifications.Options.defaults(), paper);
    }

    private static void createDirectories(ServeOptions o) {
        try {
            Files.createDirectories(o.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data dir " + o.dataDir(), e);
        }
    }

    public int port() {
        return api.port();
    }

    /** The HTTP API's routes, "METHOD /path/{param}". */
    public java.util.List<String> routes() {
        return api.routes();
    }

    public Secrets.AdminToken adminToken() {
        return adminToken;
    }

    public RouterService service() {
        return service;
    }

    /** The brackets (take profit and stop loss of entries) being watched. */
    public BracketDesk brackets() {
        return brackets;
    }

    public ExecutionEngine engine() {
        return engine;
    }

    /** The in-process simulator when paper trading, else null. */
    public PaperExchange paper() {
        return paper;
    }

    public Store store() {
        return store;
    }

    /** Order events: the SSE hub and the users' webhooks. */
    public Notifications notifications() {
        return notifications;
    }

    /**
     * The ordered stop, run by {@link #close()} or by the JVM on SIGTERM. Each step needs the ones after it: new
     * requests are answered 503 while the lanes finish what they hold (bounded), the webhook dispatcher's last
     * writes release its outbox claims (so another instance, or the next start, takes them at once), then the
     * listener, the venue executors, the simulated venues and the scheduler stop, and the store goes last.
     * Idempotent; a second caller returns at once.
     */
    @Override
    public void close() {
        try {
            // SIGTERM while starting: the fields are not all set yet, so the ordered stop waits for the start
            // (or for its failure, which stops what it started itself).
            startFinished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        LOG.info("stopping: intake closed, new requests are answered 503");
        api.closeIntake();
        engine.stopAccepting();
        try {
            if (engine.awaitLanesIdle(LANE_DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("stopping: lanes drained");
            } else {
                LOG.warn("stopping: lanes still busy after {}; their unfinished orders resume from the store at the "
                        + "next start", LANE_DRAIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        brackets.close();
        notifications.close();
        if (cluster != null) {
            cluster.close(); // the others take this instance's shards at once
            leaseTimer.close();
        }
        LOG.info("stopping: event streams closed, webhook dispatcher stopped and released its outbox claims");
        api.close();
        if (orderStreams != null) {
            orderStreams.close();
        }
        if (bookStreams != null) {
            bookStreams.close();
        }
        engine.close();
        LOG.info("stopping: HTTP listener and venue executors closed");
        closeQuietly(paper instanceof AutoCloseable c ? c : null, scheduler, metrics);
        laneRunner.shutdown();
        store.close();
        removeShutdownHook();
        LOG.info("stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        stopped.countDown();
    }

    /** Blocks until {@link #close()} has finished (for the serve command: SIGTERM runs it in the JVM's hook). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == closeOnJvmExit) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(closeOnJvmExit);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The JVM is exiting: the hook runs (and returns at once, closed is set).
        }
    }

    private static void closeQuietly(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Alpaca's market data keys for its shared book stream, from the environment (read only through Environment). */
    private static Map<String, String> alpacaDataKeys() {
        Map<String, String> keys = new java.util.HashMap<>();
        for (String name : List.of(io.nija.venues.stream.VenueStreams.ALPACA_DATA_KEY,
                io.nija.venues.stream.VenueStreams.ALPACA_DATA_SECRET)) {
            String value = io.nija.server.config.Environment.system().get(name);
            if (value != null) {
                keys.put(name, value);
            }
        }
        return keys;
    }
}
