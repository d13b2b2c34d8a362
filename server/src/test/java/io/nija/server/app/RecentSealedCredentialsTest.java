package io.nija.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentSealedCredentialsTest {
    private final RecentSealedCredentials recent = new RecentSealedCredentials(3);

    @Test
    void aStoredKeyIsTakenOnceForItsFirstUseAndThenLeavesTheCache() {
        recent.stored("u1/binance", new byte[] {1, 2});

        assertThat(recent.take("u1/binance")).containsExactly(1, 2);
        assertThat(recent.take("u1/binance")).as("decrypted by then: held once only").isNull();
    }

    @Test
    void aReplacedKeyIsServedAsReplacedAndTheOldestGoFirstBeyondTheBound() {
        recent.stored("u1/binance", new byte[] {1});
        recent.stored("u2/binance", new byte[] {2});
        recent.stored("u3/binance", new byte[] {3});
        recent.stored("u1/binance", new byte[] {9}); // replaced: now the newest
        recent.stored("u4/binance", new byte[] {4}); // over the bound of 3: the oldest (u2) goes

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.take("u2/binance")).isNull();
        assertThat(recent.take("u1/binance")).containsExactly(9);
    }

    @Test
    void forgettingAUserDropsEveryVenueOfThatUserOnly() {
        recent.stored("u1/binance", new byte[] {1});
        recent.stored("u1/okx", new byte[] {2});
        recent.stored("u11/okx", new byte[] {3});

        recent.forgetUser("u1");

        assertThat(recent.take("u1/binance")).isNull();
        assertThat(recent.take("u1/okx")).isNull();
        assertThat(recent.take("u11/okx")).containsExactly(3);
    }

    @Test
    void theBytesKeptAreACopySoTheCallerMayWipeItsOwn() {
        byte[] sealed = {5, 6};
        recent.stored("u1/binance", sealed);
        sealed[0] = 0;

        assertThat(recent.take("u1/binance")).containsExactly(5, 6);
    }
}
