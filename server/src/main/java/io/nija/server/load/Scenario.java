package io.nija.server.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The load shapes of the performance targets; each is turned into a {@link LoadPlan}. */
public enum Scenario {
    /** The design's test: every user's signals all at once. */
    BURST("burst"),
    /** Signals at a fixed rate for a while, spread over the users (open loop: sent on schedule, not after answers). */
    STEADY("steady"),
    /** One TradingView alert to many subscribers through the webhook. */
    FAN_OUT("fan-out"),
    /** A quiet user at a steady rate, alone and then while another user floods; compares the two halves. */
    ISOLATION("isolation"),
    /** Steady load spread over several instances of one cluster (user i goes to instance i mod n). */
    MULTI_INSTANCE("multi-instance");

    private final String wire;

    Scenario(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Scenario parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        for (Scenario sc : values()) {
            if (sc.wire.equals(v) || sc.name().equalsIgnoreCase(v)) {
                return sc;
            }
        }
        throw new IllegalArgumentException("unknown scenario " + s + " (one of " + names() + ")");
    }

    public static String names() {
        return Arrays.stream(values()).map(Scenario::wire).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wire;
    }
}
