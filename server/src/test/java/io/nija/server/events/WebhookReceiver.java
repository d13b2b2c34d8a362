package io.nija.server.events;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback for dispatcher tests: records every delivery per path, answers 204 unless told to
 * fail (a number of times, or always) or to hold a request until released. Each request has its own virtual thread,
 * so a held request does not stop the others.
 */
final class WebhookReceiver implements AutoCloseable {
    record Delivery(String path, String eventId, int attempt, String signature, long timestamp, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Delivery> all = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> arrived = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            arrived.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            CountDownLatch hold = holds.get(path);
            if (hold != null) {
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            var h = exchange.getRequestHeaders();
            all.add(new Delivery(path, h.getFirst("X-Nija-Event-Id"), Integer.parseInt(h.getFirst("X-Nija-Delivery-Attempt")),
                    h.getFirst("X-Nija-Signature"), Long.parseLong(h.getFirst("X-Nija-Timestamp")), body));
            AtomicInteger left = failuresLeft.get(path);
            int status = left != null && left.getAndDecrement() > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next {@code n} requests to {@code path} get a 500. */
    void failNext(String path, int n) {
        failuresLeft.put(path, new AtomicInteger(n));
    }

    void failAlways(String path) {
        failNext(path, Integer.MAX_VALUE);
    }

    void answerOk(String path) {
        failuresLeft.remove(path);
    }

    /** Requests to {@code path} wait until the returned latch is counted down. */
    CountDownLatch hold(String path) {
        CountDownLatch latch = new CountDownLatch(1);
        holds.put(path, latch);
        return latch;
    }

    /** Requests that reached {@code path} (answered or still held). */
    int arrivedAt(String path) {
        AtomicInteger n = arrived.get(path);
        return n == null ? 0 : n.get();
    }

    /** Answered deliveries to {@code path}, in the order they were answered. */
    List<Delivery> at(String path) {
        List<Delivery> list = new ArrayList<>();
        for (Delivery d : all) {
            if (d.path().equals(path)) {
                list.add(d);
            }
        }
        return list;
    }

    List<Delivery> all() {
        return List.copyOf(all);
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)).toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        holds.values().forEach(CountDownLatch::countDown);
        server.stop(0);
    }
}
