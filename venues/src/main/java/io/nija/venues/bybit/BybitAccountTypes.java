package io.nija.venues.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.venue.VenueAccount;
import io.nija.core.venue.VenueErrorKind;
import io.nija.core.venue.VenueException;
import io.nija.venues.common.Hashing;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Whether each key trades on a unified trading account, read once per key from {@code GET /v5/account/info}
 * ({@code unifiedMarginStatus}: 1 classic; 3 and 4 unified 1.0, 5 and 6 unified 2.0) and kept: an account's type
 * changes only by an upgrade the user makes on Bybit. A failed read is not kept, so the next order asks again.
 */
final class BybitAccountTypes {
    private final ConcurrentMap<String, Boolean> unified = new ConcurrentHashMap<>();

    /** @param readInfo the signed account/info call's {@code result}; its failure is thrown as it is */
    boolean isUnified(VenueAccount account, Supplier<JsonNode> readInfo) {
        String key = Hashing.fingerprint(account.apiKey());
        Boolean known = unified.get(key);
        if (known != null) {
            return known;
        }
        int status = readInfo.get().path("unifiedMarginStatus").asInt(0);
        boolean isUnified = switch (status) {
            case 1 -> false;
            case 3, 4, 5, 6 -> true;
            default -> throw new VenueException(VenueErrorKind.UNKNOWN,
                    "bybit account/info gave an unknown unifiedMarginStatus " + status);
        };
        unified.put(key, isUnified);
        return isUnified;
    }
}
