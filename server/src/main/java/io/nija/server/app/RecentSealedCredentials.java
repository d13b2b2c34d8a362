package io.nija.server.app;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Credentials this instance stored lately, kept sealed (still encrypted under the vault's key, exactly the bytes the
 * store holds) so that a new user's first orders do not read them back from the store: in the design's burst a
 * thousand users created a moment before trade at once, and each first order at a venue was one more round trip
 * through a busy connection pool. A key is decrypted only when it is used, then moves to the decrypted cache and
 * leaves this one, so a secret is never held twice.
 *
 * <p>Bounded, oldest stored dropped first: 100 000 users' paper keys on six venues would hold 600 000 blobs, most of
 * them on venues the user never trades on; a dropped key is read from the store on first use, as before. Forgotten
 * when a key is replaced here or another instance announces the user's settings changed, like the decrypted cache.
 */
final class RecentSealedCredentials {
    /** A burst's worth of new users on every venue (about 4 MiB of sealed blobs). */
    static final int CAPACITY = 16_384;

    private final LinkedHashMap<String, byte[]> sealed;

    RecentSealedCredentials(int capacity) {
        this.sealed = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The sealed bytes just stored for {@code owner} ("user/venue"), replacing any earlier ones. */
    synchronized void stored(String owner, byte[] blob) {
        sealed.remove(owner); // re-inserted as the newest
        sealed.put(owner, blob.clone());
    }

    /** The sealed bytes of {@code owner} if held, removed: the caller decrypts them into the decrypted cache. */
    synchronized byte[] take(String owner) {
        return sealed.remove(owner);
    }

    /** Drops every key of the user (replaced or revoked elsewhere). */
    synchronized void forgetUser(String userId) {
        sealed.keySet().removeIf(k -> k.startsWith(userId + "/"));
    }

    synchronized int size() {
        return sealed.size();
    }
}
