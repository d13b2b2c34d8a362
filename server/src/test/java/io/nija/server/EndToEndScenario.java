package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.instrument.Instrument;
import io.nija.core.order.Fill;
import io.nija.core.order.Order;
import io.nija.core.order.OrderLeg;
import io.nija.core.order.OrderStatus;
import io.nija.core.position.Position;
import io.nija.core.store.OrderQuery;
import io.nija.core.venue.Venue;
import io.nija.core.venue.VenueAccount;
import io.nija.server.app.RouterApp;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The foundation issue's end-to-end run, shared by the embedded-store and PostgreSQL variants: 100 users post
 * 1000 signals over HTTP; every order ends final, every fill the router holds is exactly what the simulated
 * venue holds for that client order id, positions are the sums of the fills, and everything is in the store.
 */
final class EndToEndScenario {
    static final int USERS = 100;
    static final int SIGNALS = 1000;
    private static final String[] PAIRS = {"BTC-USD", "ETH-USD", "SOL-USD"};

    static void run(RouterApp app) throws Exception {
        HttpClientSupport http = new HttpClientSupport(app.port());
        String admin = app.adminToken().token();
        Map<String, String> tokens = new HashMap<>();
        for (int u = 0; u < USERS; u++) {
            String user = "user-" + u;
            var reply = http.post("/api/v1/users", admin,
                    "{\"user_id\":\"" + user + "\",\"limits\":{\"trades_per_second\":1000,\"max_position_usd\":\"1000000\"}}");
            assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
            tokens.put(user, reply.body().get("token").asText());
        }

        ConcurrentLinkedQueue<String> orderIds = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        // Exits only reduce a position: one that arrives before its user holds the pair is refused, nothing stored.
        java.util.concurrent.atomic.AtomicInteger exitsWithoutPosition = new java.util.concurrent.atomic.AtomicInteger();
        // 64 connections at a time, like a client pool; the router itself queues far more than that.
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < SIGNALS; i++) {
                int n = i;
                pool.submit(() -> {
                  inFlight.acquireUninterruptibly();
                  try {
                    String user = "user-" + (n % USERS);
                    String side = n % 4 == 3 ? "sell" : "buy";
                    String type = side.equals("sell") ? "exit" : "entry";
                    String body = "{\"pair\":\"" + PAIRS[n % PAIRS.length] + "\",\"side\":\"" + side + "\",\"size_usd\":\""
                            + (50 + n % 7 * 10) + "\",\"signal_type\":\"" + type + "\",\"strategy\":\"e2e\",\"idempotency_key\":\"k" + n + "\"}";
                    var r = http.post("/api/v1/signals", tokens.get(user), body);
                    if (r.status() == 422 && type.equals("exit")
                            && r.body().path("error").path("code").asText().equals("no_position")) {
                        exitsWithoutPosition.incrementAndGet();
                    } else if (r.status() != 202) {
                        failures.add(r.status() + " " + r.raw());
                    } else {
                        r.body().get("order_ids").forEach(id -> orderIds.add(id.asText()));
                    }
                  } catch (RuntimeException e) {
                    failures.add(e.toString());
                  } finally {
                    inFlight.release();
                  }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).isEmpty();
        int accepted = SIGNALS - exitsWithoutPosition.get();
        assertThat(orderIds).hasSize(accepted);
        assertThat(accepted).as("every entry accepted").isGreaterThanOrEqualTo(SIGNALS * 3 / 4);

        List<Order> orders = awaitFinal(app, new ArrayList<>(orderIds));
        assertThat(orders).allSatisfy(o -> assertThat(o.status().isTerminal()).as(o.orderId() + " " + o.status()).isTrue());
        long filled = orders.stream().filter(o -> o.status() == OrderStatus.FILLED).count();
        assertThat(filled).as("filled orders").isGreaterThanOrEqualTo(accepted * 99L / 100);

        Map<String, Venue> venues = app.paper().venues();
        Map<String, BigDecimal> expectedQty = new HashMap<>();
        for (Order o : orders) {
            for (OrderLeg leg : o.legs()) {
                VenueAccount account = app.service().account(o.userId(), leg.venue()).orElseThrow();
                Instrument instrument = leg.instrument();
                List<Fill> venueFills = venues.get(leg.venue()).fills(account, instrument, leg.clientOrderId());
                assertThat(sum(leg.fills(), Fill::quantity)).as("qty of " + leg.legId())
                        .isEqualByComparingTo(sum(venueFills, Fill::quantity));
                assertThat(sum(leg.fills(), Fill::notional)).as("value of " + leg.legId())
                        .isEqualByComparingTo(sum(venueFills, Fill::notional));
                assertThat(sum(leg.fills(), Fill::fee)).as("fees of " + leg.legId())
                        .isEqualByComparingTo(sum(venueFills, Fill::fee));
                BigDecimal signed = o.side().sign() > 0 ? leg.filledQty() : leg.filledQty().negate();
                expectedQty.merge(o.userId() + "/" + leg.venue() + "/" + o.pair(), signed, BigDecimal::add);
            }
        }
        List<Position> positions = app.store().findPositions(null);
        Map<String, BigDecimal> actualQty = new HashMap<>();
        positions.forEach(p -> actualQty.put(p.userId() + "/" + p.venue() + "/" + p.pair(), p.quantity()));
        expectedQty.forEach((key, qty) -> assertThat(actualQty.getOrDefault(key, BigDecimal.ZERO))
                .as("position " + key).isEqualByComparingTo(qty));
        assertThat(app.store().findOrders(new OrderQuery(null, null, SIGNALS))).hasSize(accepted);
    }

    private static List<Order> awaitFinal(RouterApp app, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        List<Order> orders;
        do {
            orders = ids.stream().map(id -> app.store().findOrder(id).orElseThrow()).toList();
            if (orders.stream().allMatch(o -> o.status().isTerminal())) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return orders;
    }

    private static <T> BigDecimal sum(List<T> items, java.util.function.Function<T, BigDecimal> f) {
        return items.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
