package io.nija.core.venue;

import java.util.ArrayList;
import java.util.List;

/** What an API key may do at its venue, as the venue says: read the account and orders, trade, withdraw. */
public record KeyPermissions(boolean canRead, boolean canTrade, boolean canWithdraw) {
    /** "read", "trade", "withdraw" for the permissions held, in that order. */
    public List<String> wire() {
        List<String> out = new ArrayList<>(3);
        if (canRead) {
            out.add("read");
        }
        if (canTrade) {
            out.add("trade");
        }
        if (canWithdraw) {
            out.add("withdraw");
        }
        return List.copyOf(out);
    }
}
