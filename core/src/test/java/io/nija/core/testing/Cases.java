package io.nija.core.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.function.Executable;

/**
 * Seeded, deterministic property cases for plain JUnit 5 tests.
 *
 * <p>A property is a {@code @ParameterizedTest(name = Cases.NAME)} over {@code @MethodSource} seeds from
 * {@link #seeds(long, int)}; each case draws its input from {@code new Cases.Gen(seed)} and runs its assertions in
 * {@link #check(long, Object, Executable)}, so a failure names the seed and the input. To replay one case, run
 * the property's body with that seed. The generators lean towards the edges (bounds, zero, one, the smallest
 * step, empty and full-size collections) the way property-testing libraries do.
 */
public final class Cases {
    /** Display name of one case. */
    public static final String NAME = "seed {0}";

    private static final int SEEDS_PER_PROPERTY = 100_000;

    private Cases() {
    }

    /** {@code count} case seeds for the property numbered {@code property}: property·100000 + 0..count-1. */
    public static LongStream seeds(long property, int count) {
        if (count < 1 || count > SEEDS_PER_PROPERTY) {
            throw new IllegalArgumentException("count " + count);
        }
        long first = Math.multiplyExact(property, SEEDS_PER_PROPERTY);
        return LongStream.range(first, first + count);
    }

    /** Runs one case; any failure is rethrown naming the seed and the input that caused it. */
    public static void check(long seed, Object input, Executable body) {
        try {
            body.execute();
        } catch (Throwable t) {
            throw new AssertionError("failing case: seed " + seed + " (new Cases.Gen(" + seed + "L)), input: " + input
                    + System.lineSeparator() + t, t);
        }
    }

    /** A seeded source of test inputs. */
    public static final class Gen {
        private final SplittableRandom random;

        public Gen(long seed) {
            this.random = new SplittableRandom(seed);
        }

        public SplittableRandom random() {
            return random;
        }

        public boolean bool() {
            return random.nextBoolean();
        }

        /** True with probability {@code numerator/denominator}. */
        public boolean chance(int numerator, int denominator) {
            return random.nextInt(denominator) < numerator;
        }

        /** Any long, the extremes, zero and one included. */
        public long anyLong() {
            return longBetween(Long.MIN_VALUE, Long.MAX_VALUE);
        }

        public int intBetween(int min, int max) {
            return Math.toIntExact(longBetween(min, max));
        }

        /**
         * A long in [min, max]: one case in eight an edge (a bound, next to a bound, or 0, 1, -1 when in range),
         * three in eight near the value closest to zero at a random magnitude, the rest uniform.
         */
        public long longBetween(long min, long max) {
            if (min > max) {
                throw new IllegalArgumentException(min + " > " + max);
            }
            int pick = random.nextInt(8);
            if (pick == 0) {
                return edge(min, max);
            }
            if (pick <= 3) {
                return nearZero(min, max);
            }
            return uniform(min, max);
        }

        private long uniform(long min, long max) {
            if (max < Long.MAX_VALUE) {
                return random.nextLong(min, max + 1);
            }
            if (min > Long.MIN_VALUE) {
                return random.nextLong(min - 1, max) + 1;
            }
            return random.nextLong();
        }

        private long edge(long min, long max) {
            List<Long> edges = new ArrayList<>(List.of(min, max));
            if (min < max) {
                edges.add(min + 1);
                edges.add(max - 1);
            }
            for (long v : new long[] {0, 1, -1}) {
                if (v >= min && v <= max) {
                    edges.add(v);
                }
            }
            return edges.get(random.nextInt(edges.size()));
        }

        private long nearZero(long min, long max) {
            long target = min > 0 ? min : max < 0 ? max : 0;
            int bits = random.nextInt(64);
            long magnitude = bits == 0 ? 0 : random.nextLong() >>> (64 - bits);
            boolean up = target == min || (target != max && random.nextBoolean());
            long value;
            if (up) {
                value = target + magnitude;
                if (value < target || value > max) {
                    return uniform(target, max);
                }
            } else {
                value = target - magnitude;
                if (value > target || value < min) {
                    return uniform(min, target);
                }
            }
            return value;
        }

        /**
         * A decimal in [min, max] with exactly {@code scale} decimals: the same edges and bias as
         * {@link #longBetween} over the unscaled value, plus 1 and -1 when in range.
         */
        public BigDecimal decimalBetween(BigDecimal min, BigDecimal max, int scale) {
            long lo = min.setScale(scale, RoundingMode.CEILING).unscaledValue().longValueExact();
            long hi = max.setScale(scale, RoundingMode.FLOOR).unscaledValue().longValueExact();
            if (random.nextInt(16) == 0) {
                BigDecimal unit = random.nextBoolean() ? BigDecimal.ONE : BigDecimal.ONE.negate();
                if (unit.compareTo(min) >= 0 && unit.compareTo(max) <= 0) {
                    return unit.setScale(scale);
                }
            }
            return BigDecimal.valueOf(longBetween(lo, hi), scale);
        }

        /** A double in [min, max] with at most {@code scale} decimals, so that equal values (ties) come up. */
        public double doubleBetween(double min, double max, int scale) {
            return decimalBetween(BigDecimal.valueOf(min), BigDecimal.valueOf(max), scale).doubleValue();
        }

        @SafeVarargs
        public final <T> T oneOf(T... values) {
            return values[random.nextInt(values.length)];
        }

        public <T> T oneOf(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        public <E extends Enum<E>> E oneOf(Class<E> type) {
            return oneOf(type.getEnumConstants());
        }

        /** An index picked with the given relative weights. */
        public int weighted(int... weights) {
            int total = 0;
            for (int w : weights) {
                total += w;
            }
            int roll = random.nextInt(total);
            for (int i = 0; i < weights.length; i++) {
                roll -= weights[i];
                if (roll < 0) {
                    return i;
                }
            }
            throw new AssertionError();
        }

        /** A collection size in [min, max]: often the minimum (empty), sometimes the maximum, mostly small. */
        public int size(int min, int max) {
            int pick = random.nextInt(10);
            if (pick == 0) {
                return min;
            }
            if (pick == 1) {
                return max;
            }
            if (pick <= 4) {
                return random.nextInt(min, Math.min(max, min + 5) + 1);
            }
            return random.nextInt(min, max + 1);
        }

        public <T> List<T> listOf(int minSize, int maxSize, Function<Gen, T> element) {
            int n = size(minSize, maxSize);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(element.apply(this));
            }
            return out;
        }

        /** Distinct elements; fails if the element generator cannot reach {@code minSize} distinct values. */
        public <T> Set<T> setOf(int minSize, int maxSize, Function<Gen, T> element) {
            int n = size(minSize, maxSize);
            Set<T> out = new LinkedHashSet<>();
            for (int attempts = 0; out.size() < n && attempts < 100 * n; attempts++) {
                out.add(element.apply(this));
            }
            if (out.size() < minSize) {
                throw new IllegalStateException("only " + out.size() + " distinct values");
            }
            return out;
        }

        /** A string of characters in [from, to], its length as {@link #size}. */
        public String string(char from, char to, int minLength, int maxLength) {
            int n = size(minLength, maxLength);
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                s.append((char) (random.nextInt(4) == 0 ? oneOf(from, to) : random.nextInt(from, to + 1)));
            }
            return s.toString();
        }
    }
}
