package io.nija.sim.account;

import java.util.Base64;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What each exchange's api keys look like, so simulated paper credentials pass the same format checks and
 * signing code as real ones: Kraken's secret is base64 (its signature HMACs with the decoded bytes), OKX
 * needs a passphrase, Coinbase CDP keys are named "organizations/{org}/apiKeys/{id}" with an Ed25519 seed as
 * the secret, Alpaca keys start with "PK".
 */
public enum CredentialStyle {
    BINANCE {
        @Override
        Credentials generate(SplittableRandom r) {
            return new Credentials(alnum(r, 64), alnum(r, 64), null);
        }
    },
    BYBIT {
        @Override
        Credentials generate(SplittableRandom r) {
            return new Credentials(alnum(r, 18), alnum(r, 36), null);
        }
    },
    OKX {
        @Override
        Credentials generate(SplittableRandom r) {
            return new Credentials(uuid(r), hex(r, 32), "Pp" + alnum(r, 14));
        }
    },
    KRAKEN {
        @Override
        Credentials generate(SplittableRandom r) {
            return new Credentials(base64(r, 42), base64(r, 64), null);
        }
    },
    COINBASE {
        @Override
        Credentials generate(SplittableRandom r) {
            return new Credentials("organizations/" + uuid(r) + "/apiKeys/" + uuid(r), base64(r, 32), null);
        }
    },
    ALPACA {
        @Override
        Credentials generate(SplittableRandom r) {
            return new Credentials("PK" + upperAlnum(r, 18), alnum(r, 40), null);
        }
    };

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    abstract Credentials generate(SplittableRandom random);

    private static String alnum(SplittableRandom r, int n) {
        return pick(r, ALNUM, n);
    }

    private static String upperAlnum(SplittableRandom r, int n) {
        return pick(r, UPPER_ALNUM, n);
    }

    private static String pick(SplittableRandom r, String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String hex(SplittableRandom r, int n) {
        return pick(r, "0123456789ABCDEF", n);
    }

    private static String base64(SplittableRandom r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String uuid(SplittableRandom r) {
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L)
                .toString();
    }
}
