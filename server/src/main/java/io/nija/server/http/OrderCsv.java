package io.nija.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Orders as CSV (RFC 4180): a header row, then one row per order with the same normalised values as the JSON view
 * (it is built from that view, so the two can never disagree). Legs are left out; a spreadsheet wants one row per
 * order. Text a caller chose (strategy) is defused against formula injection when the file is opened.
 */
final class OrderCsv {
    static final List<String> COLUMNS = List.of("order_id", "signal_id", "user_id", "strategy", "venue", "pair", "side",
            "signal_type", "status", "requested_usd", "filled_qty", "avg_price", "filled_usd", "fees", "fees_usd",
            "arrival_mid", "slippage_bps", "expected_price", "expected_slippage_bps", "execution_method", "reject_code", "created_at", "updated_at");

    private OrderCsv() {
    }

    static String write(List<ObjectNode> orders) {
        StringBuilder out = new StringBuilder(256 * (orders.size() + 1));
        out.append(String.join(",", COLUMNS)).append("\r\n");
        for (ObjectNode o : orders) {
            for (int i = 0; i < COLUMNS.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                JsonNode v = o.get(COLUMNS.get(i));
                if (v != null && !v.isNull()) {
                    out.append(cell(v.asText(), v.isTextual() && !isNumber(v.asText())));
                }
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static boolean isNumber(String s) {
        return s.matches("-?[0-9]+(\\.[0-9]+)?");
    }

    private static String cell(String text, boolean defuse) {
        String s = text;
        if (defuse && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
