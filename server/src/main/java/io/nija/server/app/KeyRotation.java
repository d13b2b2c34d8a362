package io.nija.server.app;

import io.nija.core.store.Store;
import io.nija.core.user.User;
import io.nija.server.auth.CredentialVault;
import java.util.Collection;
import java.util.Optional;

/**
 * Re-wraps every sealed record (exchange credentials, users' webhook secrets) still wrapped by a previous master
 * key. The service keeps running meanwhile: records open with the current or a previous key, so a rolling
 * restart with NIJA_MASTER_KEY (new) and NIJA_MASTER_KEY_PREVIOUS (old) rotates without downtime.
 */
public final class KeyRotation {
    private KeyRotation() {
    }

    /** Returns how many records were re-wrapped. */
    public static int rewrapAll(Store store, CredentialVault vault, Collection<String> venues) {
        int n = 0;
        for (User u : store.listUsers()) {
            for (String venue : venues) {
                String owner = u.userId() + "/" + venue;
                Optional<byte[]> sealed = store.findCredential(u.userId(), venue);
                if (sealed.isPresent() && !vault.isCurrent(owner, sealed.get())) {
                    store.saveCredential(u.userId(), venue, vault.rewrap(owner, sealed.get()));
                    n++;
                }
            }
            String owner = "webhook:" + u.userId();
            Optional<byte[]> hook = store.findUserWebhook(u.userId());
            if (hook.isPresent() && !vault.isCurrent(owner, hook.get())) {
                store.saveUserWebhook(u.userId(), vault.rewrap(owner, hook.get()));
                n++;
            }
        }
        return n;
    }
}
