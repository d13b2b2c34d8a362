package io.nija.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.nija.core.user.Role;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private final AtomicLong now = new AtomicLong();
    private final TokenCache cache = new TokenCache(now::get);
    private final Map<String, Principal> stored = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final Function<String, Optional<Principal>> store = hash -> {
        reads.incrementAndGet();
        return Optional.ofNullable(stored.get(hash));
    };

    @Test
    void aTokenIsReadFromTheStoreOnceAndThenAnsweredFromMemory() {
        stored.put("h1", new Principal("alice", Role.USER));
        for (int i = 0; i < 5; i++) {
            assertThat(cache.principal("h1", store)).contains(new Principal("alice", Role.USER));
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void aTokenMadeHereNeedsNoReadAndAnUnknownOneIsAlwaysRead() {
        cache.remember("h1", new Principal("alice", Role.USER));
        assertThat(cache.principal("h1", store)).contains(new Principal("alice", Role.USER));
        assertThat(reads).hasValue(0);
        assertThat(cache.principal("nope", store)).isEmpty();
        assertThat(cache.principal("nope", store)).isEmpty();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aRotatedTokenStopsWorkingAtOnce() {
        stored.put("old", new Principal("alice", Role.USER));
        stored.put("bob", new Principal("bob", Role.USER));
        assertThat(cache.principal("old", store)).isPresent();
        assertThat(cache.principal("bob", store)).isPresent();
        stored.remove("old"); // the store no longer knows it
        cache.forgetUser("alice");
        assertThat(cache.principal("old", store)).isEmpty();
        assertThat(cache.principal("bob", store)).isPresent();
        assertThat(reads).hasValue(3);
    }

    @Test
    void withSeveralInstancesATokenIsReadAgainAfterItsTimeToLive() {
        cache.expireAfter(5_000);
        stored.put("h1", new Principal("alice", Role.USER));
        assertThat(cache.principal("h1", store)).isPresent();
        now.addAndGet(4_999);
        assertThat(cache.principal("h1", store)).isPresent();
        assertThat(reads).hasValue(1);
        stored.remove("h1"); // revoked through another instance
        now.addAndGet(1);
        assertThat(cache.principal("h1", store)).isEmpty();
        assertThat(reads).hasValue(2);
    }
}
