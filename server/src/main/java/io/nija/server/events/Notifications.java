package io.nija.server.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nija.core.engine.EngineListener;
import io.nija.core.order.Order;
import io.nija.core.order.OrderStatus;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import io.nija.core.user.Ids;
import io.nija.server.auth.CredentialVault;
import io.nija.server.http.JsonViews;
import io.nija.server.logging.Correlation;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Order events for users: an {@link EngineListener} that turns every stored order change into an {@link OrderEvent},
 * logs it with its correlation id, and hands it to the Server-Sent Events clients ({@link EventHub}) and the users'
 * webhooks ({@link WebhookDispatcher}, which accepts it into the durable webhook outbox in the background). It runs on
 * the engine's lanes, so it only builds the event and enqueues it. When it is made it runs the outbox's catch-up sweep
 * ({@link WebhookDispatcher#catchUp}), which builds the events of recently updated orders the same way.
 */
public final class Notifications implements EngineListener, AutoCloseable {
    /** The order-event log lines (one per event); demo and loadtest turn this logger down. */
    public static final String EVENT_LOGGER = "io.nija.server.events.OrderEvents";
    private static final Logger EVENTS = LoggerFactory.getLogger(EVENT_LOGGER);

    /**
     * @param clientQueueCapacity events buffered per SSE client before the oldest are dropped
     * @param recentEvents        events kept for SSE clients reconnecting with Last-Event-ID
     * @param keepAlive           how often an idle SSE stream gets a comment line
     * @param webhooks            the webhook outbox and its deliveries (retries, intake, polling)
     */
    public record Options(int clientQueueCapacity, int recentEvents, Duration keepAlive, WebhookDispatcher.Options webhooks) {
        public static Options defaults() {
            return new Options(1024, 4096, Duration.ofSeconds(15), WebhookDispatcher.Options.defaults());
        }

        public Options withRetry(WebhookDispatcher.RetryPolicy r) {
            return withWebhooks(webhooks.withRetry(r));
        }

        public Options withWebhooks(WebhookDispatcher.Options w) {
            return new Options(clientQueueCapacity, recentEvents, keepAlive, w);
        }

        public Options withKeepAlive(Duration d) {
            return new Options(clientQueueCapacity, recentEvents, d, webhooks);
        }

        public Options withClientQueueCapacity(int n) {
            return new Options(n, recentEvents, keepAlive, webhooks);
        }
    }

    private final Options options;
    private final Clock clock;
    private final Ids eventIds;
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonViews views = new JsonViews(mapper);
    private final EventHub hub;
    private final UserWebhooks webhooks;
    private final WebhookDispatcher dispatcher;
    private final WebhookAddressGuard guard;
    private final Map<OrderStatus, Counter> published = new EnumMap<>(OrderStatus.class);
    private final Store store;
    /** Where this instance's events also go for the other instances' stream clients (nowhere when alone). */
    private volatile Consumer<OrderEvent> relay = e -> { };

    /**
     * @param guard which webhook addresses may be registered and called (see {@link WebhookAddressGuard})
     */
    public Notifications(Store store, CredentialVault vault, Clock clock, MeterRegistry registry, Options options,
                         WebhookAddressGuard guard) {
        this.options = options;
        this.clock = clock;
        this.store = store;
        this.eventIds = new Ids(clock, new SecureRandom().nextLong());
        this.hub = new EventHub(options.clientQueueCapacity(), options.recentEvents());
        this.webhooks = new UserWebhooks(store, vault, clock);
        this.guard = guard;
        this.dispatcher = new WebhookDispatcher(store, webhooks, guard, options.webhooks(), clock, null, registry,
                g -> store.appendAudit(new AuditEvent(clock.now(), "notifier", "webhook", g.event().userId(),
                        "delivery_failed", "event " + g.event().eventId() + " (order " + g.event().orderId() + " "
                        + g.event().status() + ") given up after " + g.attempts() + " attempts: " + g.lastError())));
        for (OrderStatus s : OrderStatus.values()) {
            published.put(s, Counter.builder("nija_order_events").tag("status", s.wire())
                    .description("Order events published (to SSE clients and webhooks)").register(registry));
        }
        Gauge.builder("nija_sse_clients", hub, EventHub::clients).description("Connected Server-Sent Events clients")
                .register(registry);
        Gauge.builder("nija_sse_events_dropped", hub, EventHub::droppedEvents)
                .description("Events dropped for SSE clients that read too slowly").register(registry);
        // Before the engine resumes orders (RouterApp builds this first): events a crash lost before the outbox
        // accepted them are made again from the orders' stored state.
        try {
            dispatcher.catchUp(this::event);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Notifications.class).warn("webhook outbox catch-up sweep failed; events lost in a "
                    + "crash before this start are not made again: {}", e.toString());
        }
    }

    public EventHub hub() {
        return hub;
    }

    public UserWebhooks webhooks() {
        return webhooks;
    }

    /** Which webhook addresses may be registered and called. */
    public WebhookAddressGuard addressGuard() {
        return guard;
    }

    public WebhookDispatcher dispatcher() {
        return dispatcher;
    }

    public Duration keepAlive() {
        return options.keepAlive();
    }

    @Override
    public void orderUpdated(Order order) {
        OrderEvent e;
        try {
            e = event(order);
        } catch (RuntimeException ex) {
            // Never let a notification problem disturb the lane that called us.
            LoggerFactory.getLogger(Notifications.class).warn("order event for {} not built: {}", order.orderId(), ex.toString());
            return;
        }
        String previous = MDC.get(Correlation.MDC_KEY);
        MDC.put(Correlation.MDC_KEY, e.correlationId());
        MDC.put("signal_id", e.signalId());
        MDC.put("order_id", e.orderId());
        MDC.put("user_id", e.userId());
        MDC.put("event_id", e.eventId());
        try {
            if (EVENTS.isInfoEnabled()) {
                EVENTS.info("order {} {} venue={} filled_qty={}{}", e.orderId(), e.status(),
                        order.venue() == null ? "-" : order.venue(), io.nija.core.instrument.Decimals.plain(order.filledQty()),
                        order.rejectCode() == null ? "" : " reject=" + order.rejectCode());
            }
            published.get(order.status()).increment();
            hub.publish(e);
            relay.accept(e);
            dispatcher.enqueue(e);
        } finally {
            MDC.remove("signal_id");
            MDC.remove("order_id");
            MDC.remove("user_id");
            MDC.remove("event_id");
            if (previous == null) {
                MDC.remove(Correlation.MDC_KEY);
            } else {
                MDC.put(Correlation.MDC_KEY, previous);
            }
        }
    }

    /** Several instances: this instance's order events also go to {@code relay}, for the others' stream clients. */
    public void relayTo(Consumer<OrderEvent> relay) {
        this.relay = relay;
    }

    /**
     * An order event another instance published (its owner's), for this instance's stream clients only: the owner
     * counts it and sends its webhooks. {@code json} null means it came by reference: it is built again from the
     * order as stored now, with the owner's event id.
     */
    public void publishRelayed(String userId, String orderId, String eventId, String json) {
        try {
            OrderEvent e;
            if (json == null) {
                Optional<Order> order = store.findOrder(orderId);
                if (order.isEmpty() || !order.get().userId().equals(userId)) {
                    return;
                }
                e = event(order.get(), eventId);
            } else {
                e = parse(json);
            }
            hub.publish(e);
        } catch (RuntimeException | JsonProcessingException ex) {
            LoggerFactory.getLogger(Notifications.class).warn("relayed order event not published: {}", ex.toString());
        }
    }

    /**
     * Several instances: a stream client resuming here with {@code Last-Event-ID} is also replayed the events
     * {@code log} stored after that id, the other instances' included.
     */
    public void replayFrom(io.nija.core.cluster.ClusterEventLog log) {
        hub.archive((eventId, userId, limit) -> log.after(eventId, userId, limit).map(jsons -> {
            java.util.List<OrderEvent> events = new java.util.ArrayList<>(jsons.size());
            for (String json : jsons) {
                try {
                    events.add(parse(json));
                } catch (JsonProcessingException | RuntimeException e) {
                    throw new IllegalStateException("a stored order event is not readable", e);
                }
            }
            return events;
        }));
    }

    private OrderEvent parse(String json) throws JsonProcessingException {
        com.fasterxml.jackson.databind.JsonNode n = mapper.readTree(json);
        com.fasterxml.jackson.databind.JsonNode updated = n.path("order").path("updated_at");
        return new OrderEvent(n.path("event_id").asText(), n.path("type").asText(), n.path("user_id").asText(),
                n.path("order_id").asText(), n.path("signal_id").asText(null), n.path("status").asText(),
                n.path("correlation_id").asText(null), Instant.parse(n.path("created_at").asText()), json,
                updated.isTextual() ? Instant.parse(updated.asText()) : null);
    }

    private OrderEvent event(Order order) {
        return event(order, eventIds.next("evt"));
    }

    private OrderEvent event(Order order, String id) {
        String correlationId = Correlation.ofSignal(order.signalId());
        Instant at = clock.now();
        ObjectNode n = mapper.createObjectNode();
        n.put("event_id", id);
        n.put("type", OrderEvent.ORDER_UPDATED);
        n.put("status", order.status().wire());
        n.put("user_id", order.userId());
        n.put("order_id", order.orderId());
        n.put("signal_id", order.signalId());
        n.put("correlation_id", correlationId);
        n.put("created_at", at.toString());
        n.set("order", views.order(order));
        try {
            return new OrderEvent(id, OrderEvent.ORDER_UPDATED, order.userId(), order.orderId(), order.signalId(),
                    order.status().wire(), correlationId, at, mapper.writeValueAsString(n), order.updatedAt());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        hub.close();
        dispatcher.close();
    }
}
