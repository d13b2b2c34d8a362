package io.nija.server.auth;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Remembers which user a token hash belongs to, so a busy token is not looked up in the store on every request
 * (under a burst that read was one of the store round trips each signal paid before it was even parsed).
 *
 * <p>Tokens are remembered when they are made ({@link #remember}) or first authenticate, so the map is bounded by
 * the number of live tokens (and capped besides). A token rotated or revoked through this instance stops working at
 * once ({@link #forgetUser}). On a single instance every change passes through here, so entries never expire; in a
 * cluster a token rotated through another instance stops working here within the time to live
 * ({@link #expireAfter}), after which each entry is read from the store again.
 */
public final class TokenCache {
    /** A cap far above any real number of tokens; reached, the cache starts over rather than grow. */
    static final int MAX_ENTRIES = 500_000;

    private record Entry(Principal principal, long readAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> byHash = new ConcurrentHashMap<>();
    private volatile long ttlNanos = Long.MAX_VALUE;
    private final LongSupplier nanoTime;

    public TokenCache(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Entries older than this are read from the store again (several instances share the store). */
    public void expireAfter(long nanos) {
        this.ttlNanos = nanos;
    }

    /** A token just made (a new user, a rotation): its first request needs no read. */
    public void remember(String tokenHash, Principal principal) {
        if (byHash.size() >= MAX_ENTRIES) {
            byHash.clear();
        }
        byHash.put(tokenHash, new Entry(principal, nanoTime.getAsLong()));
    }

    /** The principal of {@code tokenHash}: from memory while fresh, otherwise from {@code lookup} (then kept). */
    public Optional<Principal> principal(String tokenHash, Function<String, Optional<Principal>> lookup) {
        long now = nanoTime.getAsLong();
        Entry e = byHash.get(tokenHash);
        if (e != null && now - e.readAtNanos() < ttlNanos) {
            return Optional.of(e.principal());
        }
        Optional<Principal> found = lookup.apply(tokenHash);
        if (found.isEmpty()) {
            byHash.remove(tokenHash);
            return found;
        }
        if (byHash.size() >= MAX_ENTRIES) {
            byHash.clear();
        }
        byHash.put(tokenHash, new Entry(found.get(), now));
        return found;
    }

    /** Drops every token of the user (rotation, revocation): the next request with one is read from the store. */
    public void forgetUser(String userId) {
        byHash.values().removeIf(e -> e.principal().userId().equals(userId));
    }

    int size() {
        return byHash.size();
    }
}
