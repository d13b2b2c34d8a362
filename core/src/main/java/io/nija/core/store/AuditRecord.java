package io.nija.core.store;

/** One row of the hash-chained audit log: its number, the event, the previous row's hash and its own. */
public record AuditRecord(long seq, AuditEvent event, String prevHash, String hash) {
    /** The row that follows {@code prev} (null for the first row) with {@code event}. */
    public static AuditRecord after(AuditRecord prev, AuditEvent event) {
        long seq = prev == null ? 1 : prev.seq() + 1;
        String prevHash = prev == null ? AuditHash.GENESIS : prev.hash();
        return new AuditRecord(seq, event, prevHash, AuditHash.of(prevHash, seq, event));
    }
}
