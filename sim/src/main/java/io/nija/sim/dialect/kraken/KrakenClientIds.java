package io.nija.sim.dialect.kraken;

import io.nija.sim.engine.OrderView;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The engine client id of a Kraken order. An order sent with cl_ord_id keeps it; one sent without is kept under an
 * internal id that can never be a valid cl_ord_id (a '~' and more than 18 characters) and carries the order's
 * userref, so both survive a restart.
 */
final class KrakenClientIds {
    private KrakenClientIds() {
    }

    /** An engine client id for an order sent without cl_ord_id: never a valid cl_ord_id, and it keeps the userref. */
    static String internal(Integer userref) {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return "~" + (userref == null ? "" : userref.toString()) + "~" + HexFormat.of().formatHex(b);
    }

    private static boolean isInternal(String clientId) {
        return clientId != null && clientId.startsWith("~") && clientId.length() > 18;
    }

    static String clOrdId(OrderView o) {
        return isInternal(o.clientOrderId()) ? null : o.clientOrderId();
    }

    static Integer userref(OrderView o) {
        String id = o.clientOrderId();
        if (!isInternal(id)) {
            return null;
        }
        int second = id.indexOf('~', 1);
        if (second <= 1) {
            return null;
        }
        try {
            return Integer.parseInt(id.substring(1, second));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
