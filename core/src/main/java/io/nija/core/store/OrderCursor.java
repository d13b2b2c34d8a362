package io.nija.core.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A position in the newest-first order listing: the (created-at, order id) of the last order of a page. Paging by
 * key rather than by offset keeps pages stable while new orders arrive: they sort before the cursor, so nothing
 * shifts and nothing is shown twice. On the wire it is opaque (base64url), so its shape may change.
 */
public record OrderCursor(Instant createdAt, String orderId) {
    public OrderCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(orderId, "orderId");
    }

    /** True when an order at ({@code created}, {@code id}) comes after this cursor, i.e. is strictly older. */
    public boolean isAfter(Instant created, String id) {
        int c = created.compareTo(createdAt);
        return c < 0 || c == 0 && id.compareTo(orderId) < 0;
    }

    public String encode() {
        String raw = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + orderId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads {@link #encode()}'s text; throws IllegalArgumentException for anything else. */
    public static OrderCursor decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\.", 3);
            if (parts.length != 3 || parts[2].isEmpty() || parts[2].length() > 200) {
                throw new IllegalArgumentException("malformed cursor");
            }
            long seconds = Long.parseLong(parts[0]);
            int nanos = Integer.parseInt(parts[1]);
            if (nanos < 0 || nanos > 999_999_999) {
                throw new IllegalArgumentException("malformed cursor");
            }
            return new OrderCursor(Instant.ofEpochSecond(seconds, nanos), parts[2]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed cursor", e);
        }
    }
}
