package io.nija.store;

import io.nija.core.store.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of one audit row: SHA-256 over the previous row's hash, this row's sequence number and its
 * fields. Each field is written with its length in front (null as -1), so no two different rows encode
 * to the same bytes however their texts are chosen.
 */
final class AuditHash {
    /** The "previous hash" of the first row. */
    static final String GENESIS = "0".repeat(64);

    private AuditHash() {
    }

    static String of(String prevHash, long seq, AuditEvent e) {
        StringBuilder sb = new StringBuilder(256);
        field(sb, prevHash);
        field(sb, Long.toString(seq));
        field(sb, e.time().toString());
        field(sb, e.actor());
        field(sb, e.entityType());
        field(sb, e.entityId());
        field(sb, e.action());
        field(sb, e.detail());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }

    private static void field(StringBuilder sb, String value) {
        if (value == null) {
            sb.append("-1:");
        } else {
            sb.append(value.length()).append(':').append(value);
        }
    }
}
