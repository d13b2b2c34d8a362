package io.nija.sim.engine;

import java.util.UUID;

/**
 * How a venue spells its order and trade ids, so simulated ids look like the real ones to parsers:
 * Binance/OKX use integers, Kraken "OQCLML-BW3P3-BUCMWZ" txids, Coinbase/Alpaca/Bybit UUIDs.
 * Every style is injective in the sequence number, so ids never repeat within one engine.
 */
public enum IdStyle {
    NUMERIC {
        @Override
        String format(char kind, long sequence, long salt) {
            // A seed-dependent starting point (like a venue that has been running for a while).
            return Long.toString(1_000_000_000L + Math.floorMod(salt, 8_000_000_000L) + sequence);
        }
    },
    KRAKEN_TXID {
        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        @Override
        String format(char kind, long sequence, long salt) {
            long bits = Seeds.mix(sequence ^ salt); // a bijection: distinct sequences, distinct bits
            char[] c = new char[16];
            for (int i = 0; i < 13; i++) {
                c[i] = ALPHABET.charAt((int) ((bits >>> (5 * i)) & 31));
            }
            for (int i = 13; i < 16; i++) {
                c[i] = ALPHABET.charAt((int) ((salt >>> (5 * i)) & 31));
            }
            return new StringBuilder(19).append(kind).append(c, 0, 5).append('-').append(c, 5, 5).append('-')
                    .append(c, 10, 6).toString();
        }
    },
    UUID_V4 {
        @Override
        String format(char kind, long sequence, long salt) {
            long msb = (Seeds.mix(sequence ^ salt ^ kind) & ~0xF000L) | 0x4000L;
            // The low word keeps the sequence itself (xor a constant), which makes the id unique.
            long lsb = ((sequence ^ salt) & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
            return new UUID(msb, lsb).toString();
        }
    };

    abstract String format(char kind, long sequence, long salt);
}
