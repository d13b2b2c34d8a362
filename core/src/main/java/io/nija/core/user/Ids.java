package io.nija.core.user;

import io.nija.core.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered unique identifiers: prefix, 10 Crockford base32 characters of epoch millis, 6 of a
 * per-generator sequence and 4 random ones (from a seed, so simulations repeat). Ids sort by creation
 * time and two router instances with different seeds do not collide.
 */
public final class Ids {
    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final long instanceBits;

    public Ids(Clock clock, long seed) {
        this.clock = clock;
        this.instanceBits = new SplittableRandom(seed).nextLong() & 0xFFFFF;
    }

    public String next(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + 22).append(prefix).append('_');
        append(sb, clock.epochMillis(), 10);
        append(sb, sequence.incrementAndGet(), 6);
        append(sb, instanceBits, 4);
        return sb.toString();
    }

    private static void append(StringBuilder sb, long value, int chars) {
        for (int i = chars - 1; i >= 0; i--) {
            sb.append(BASE32[(int) ((value >>> (5 * i)) & 31)]);
        }
    }
}
