package io.nija.server;

import io.nija.server.app.RouterApp;
import io.nija.server.app.ServeOptions;
import io.nija.server.http.RateLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Starts in-process routers for tests: embedded store in a fresh temporary directory, simulated venues. */
final class TestRouters {
    private TestRouters() {
    }

    static RouterApp start(String name, long seed, RateLimit apiLimit) {
        return start(name, seed, apiLimit, false);
    }

    /**
     * @param allowPrivateWebhooks as {@code serve --allow-private-webhooks}: for tests that register webhooks on
     *                             loopback receivers (127.0.0.1)
     */
    static RouterApp start(String name, long seed, RateLimit apiLimit, boolean allowPrivateWebhooks) {
        try {
            return RouterApp.start(new ServeOptions("127.0.0.1", 0, Files.createTempDirectory("nija-" + name), null, null,
                    null, seed, false, apiLimit, allowPrivateWebhooks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
