package io.nija.core.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of one audit row: SHA-256 over the previous row's hash, this row's sequence number and its
 * fields. Each field is written with its length in front (null as -1), so no two different rows encode
 * to the same bytes however their texts are chosen. One rule for every store (the JDBC log and the
 * in-memory one), so a chain means the same wherever it was written.
 */
public final class AuditHash {
    /** The "previous hash" of the first row. */
    public static final String GENESIS = "0".repeat(64);

    private AuditHash() {
    }

    public static String of(String prevHash, long seq, AuditEvent e) {
        StringBuilder sb = new StringBuilder(256);
        field(sb, prevHash);
        field(sb, Long.toString(seq));
        field(sb, e.time().toString());
        field(sb, e.actor());
        field(sb, e.entityType());
        field(sb, e.entityId());
        field(sb, e.action());
        field(sb, e.detail());
        // digest() resets the instance, so each thread reuses one: looking the algorithm up for every row cost about
        // as much as hashing it (each appended row is hashed, and a checking reader hashes it again).
        return HEX.formatHex(SHA256.get().digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    });

    private static void field(StringBuilder sb, String value) {
        if (value == null) {
            sb.append("-1:");
        } else {
            sb.append(value.length()).append(':').append(value);
        }
    }

    /**
     * Walks a chain row by row, from the first row or from a point already verified (so a caller that checks a
     * growing log often only hashes what is new). A row fits when its number is the next one, its prev_hash is
     * the previous row's hash and its hash matches its contents.
     */
    public static final class Verifier {
        private long expectedSeq = 1;
        private String prevHash = GENESIS;

        /** True when {@code row} continues the chain; the verifier then expects the row after it. */
        public boolean accept(AuditRecord row) {
            if (row.seq() != expectedSeq || !row.prevHash().equals(prevHash)
                    || !of(row.prevHash(), row.seq(), row.event()).equals(row.hash())) {
                return false;
            }
            prevHash = row.hash();
            expectedSeq++;
            return true;
        }

        /** The sequence number the next row must have (1 + rows accepted). */
        public long expectedSeq() {
            return expectedSeq;
        }
    }
}
