package io.nija.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets tests handed to the router (tokens, exchange secrets, passphrases, webhook secrets). Any test may add
 * its own; {@link SecretsInLogsTest} runs last and checks that none of them appears in the captured output.
 */
final class PlantedSecrets {
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private PlantedSecrets() {
    }

    static String plant(String secret) {
        if (secret.length() < 12) {
            throw new IllegalArgumentException("too short to scan for without false hits");
        }
        SECRETS.add(secret);
        return secret;
    }

    static Set<String> all() {
        return Set.copyOf(SECRETS);
    }
}
