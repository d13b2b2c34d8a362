package io.nija.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nija.core.store.memory.InMemoryStore;
import io.nija.core.user.Role;
import io.nija.core.user.User;
import io.nija.core.user.UserLimits;
import io.nija.server.app.KeyRotation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** AES-256-GCM envelope encryption: data key per record, owner bound in, rotation by re-wrapping. */
class KeyRotationTest {
    private static final byte[] OLD = key(1);
    private static final byte[] NEW = key(2);

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void aSealedRecordOpensOnlyForItsOwnerAndNeverContainsThePlaintext() {
        CredentialVault vault = new CredentialVault(OLD);
        byte[] sealed = vault.seal("alice/binance", "top-secret-value".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("top-secret-value");
        assertThat(vault.open("alice/binance", sealed)).asString(StandardCharsets.UTF_8).isEqualTo("top-secret-value");
        assertThatThrownBy(() -> vault.open("bob/binance", sealed)).isInstanceOf(IllegalStateException.class);
        assertThat(vault.seal("alice/binance", "x".getBytes())).isNotEqualTo(vault.seal("alice/binance", "x".getBytes()));
    }

    @Test
    void rotationReWrapsEveryRecordSoTheOldKeyCanBeDropped() {
        InMemoryStore store = new InMemoryStore();
        store.createUser(new User("alice", Role.USER, UserLimits.defaults(), Instant.EPOCH), "h1");
        store.createUser(new User("bob", Role.USER, UserLimits.defaults(), Instant.EPOCH), "h2");
        CredentialVault old = new CredentialVault(OLD);
        store.saveCredential("alice", "binance", old.seal("alice/binance", "a-secret".getBytes()));
        store.saveCredential("bob", "kraken", old.seal("bob/kraken", "b-secret".getBytes()));
        store.saveUserWebhook("bob", old.seal("webhook:bob", "hook-secret".getBytes()));

        CredentialVault rotating = new CredentialVault(NEW, List.of(OLD));
        // While rotating, old records still open: no downtime.
        assertThat(rotating.open("alice/binance", store.findCredential("alice", "binance").orElseThrow())).isEqualTo("a-secret".getBytes());
        assertThat(KeyRotation.rewrapAll(store, rotating, Set.of("binance", "kraken"))).isEqualTo(3);
        assertThat(KeyRotation.rewrapAll(store, rotating, Set.of("binance", "kraken"))).as("nothing left to rotate").isZero();

        CredentialVault onlyNew = new CredentialVault(NEW);
        assertThat(onlyNew.open("alice/binance", store.findCredential("alice", "binance").orElseThrow())).isEqualTo("a-secret".getBytes());
        assertThat(onlyNew.open("bob/kraken", store.findCredential("bob", "kraken").orElseThrow())).isEqualTo("b-secret".getBytes());
        assertThat(onlyNew.open("webhook:bob", store.findUserWebhook("bob").orElseThrow())).isEqualTo("hook-secret".getBytes());
        assertThatThrownBy(() -> old.open("alice/binance", store.findCredential("alice", "binance").orElseThrow()))
                .isInstanceOf(IllegalStateException.class);
    }
}
