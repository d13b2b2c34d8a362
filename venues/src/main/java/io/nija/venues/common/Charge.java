package io.nija.venues.common;

/** Units one call costs against one rule, in the bucket identified by {@code scopeKey} (a key fingerprint, or IP). */
public record Charge(LimitRule rule, String scopeKey, long units) {
    public static final String SHARED_IP = "ip";

    public String bucketKey() {
        return rule.name() + "|" + scopeKey;
    }
}
