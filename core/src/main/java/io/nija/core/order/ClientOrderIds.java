package io.nija.core.order;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Deterministic client order ids: the same (order, leg, attempt family) always gives the same id, so a
 * re-send after the venue confirmed it has no such order carries the id of the first try, and two
 * different legs never share one. Ids are alphanumeric and fitted to each venue's length rule
 * (Kraken cl_ord_id free text 18, OKX clOrdId 32 alphanumerics, Binance/Bybit 36 of [A-Za-z0-9-_]).
 */
public final class ClientOrderIds {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private ClientOrderIds() {
    }

    public static String forLeg(String venue, String orderId, int legIndex, int attemptFamily) {
        int length = maxLength(venue);
        byte[] digest = sha256(orderId + '/' + legIndex + '/' + attemptFamily);
        StringBuilder sb = new StringBuilder(length).append("nj");
        // 32 digest bytes cover the 30 characters after the prefix; modulo bias is irrelevant for uniqueness.
        for (int i = 0; sb.length() < length; i++) {
            sb.append(ALPHABET[(digest[i] & 0xFF) % ALPHABET.length]);
        }
        return sb.toString();
    }

    static int maxLength(String venue) {
        return switch (venue.toLowerCase(Locale.ROOT)) {
            case "kraken" -> 18;
            default -> 32;
        };
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
