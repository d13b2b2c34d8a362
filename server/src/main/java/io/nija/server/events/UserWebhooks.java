package io.nija.server.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.store.AuditEvent;
import io.nija.core.store.Store;
import io.nija.core.time.Clock;
import io.nija.server.auth.CredentialVault;
import io.nija.server.http.ApiException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each user's order-event callback: a URL and a signing secret. Both are sealed with the credential vault (the
 * secret must stay usable to sign, so it is encrypted, not hashed) and kept decrypted in memory only. Neither the
 * secret nor the URL's path and query (which may carry a token of the receiver's) reach logs or the audit log.
 */
public final class UserWebhooks {
    public static final int MIN_SECRET = 16;
    public static final int MAX_SECRET = 256;
    public static final int MAX_URL = 2048;

    /** A user's webhook. {@link #toString} hides the secret and all of the URL but its origin. */
    public record Settings(URI url, String secret) {
        public String origin() {
            return UserWebhooks.origin(url);
        }

        @Override
        public String toString() {
            return "Settings[url=" + origin() + "/…, secret=****]";
        }
    }

    private final Store store;
    private final CredentialVault vault;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    /** Every user looked up so far: their settings, or empty when they have none. */
    private final ConcurrentHashMap<String, Optional<Settings>> cache = new ConcurrentHashMap<>();

    public UserWebhooks(Store store, CredentialVault vault, Clock clock) {
        this.store = store;
        this.vault = vault;
        this.clock = clock;
    }

    /** Checks and parses a webhook URL: absolute http(s) with a host, no user info, at most {@value #MAX_URL} chars. */
    public static URI parseUrl(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_URL) {
            throw ApiException.badRequest("invalid_url", "url must be an http or https URL of at most " + MAX_URL + " characters");
        }
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawUserInfo() != null
                    || u.getRawFragment() != null) {
                throw new URISyntaxException(url, "not an absolute http(s) URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("invalid_url", "url must be an absolute http or https URL with a host "
                    + "(no user info or fragment)");
        }
    }

    public static void checkSecret(String secret) {
        if (secret == null || secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            throw ApiException.badRequest("invalid_secret", "secret must be a string of " + MIN_SECRET + " to "
                    + MAX_SECRET + " characters");
        }
    }

    /** Stores (replaces) a user's webhook; the caller has checked who may. */
    public Settings put(String actor, String userId, URI url, String secret) {
        checkSecret(secret);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("url", url.toString());
        fields.put("secret", secret);
        byte[] plain;
        try {
            plain = mapper.writeValueAsBytes(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        store.saveUserWebhook(userId, vault.seal(owner(userId), plain));
        Settings s = new Settings(url, secret);
        cache.put(userId, Optional.of(s));
        store.appendAudit(new AuditEvent(clock.now(), actor, "webhook", userId, "replaced",
                "order events to " + s.origin() + "; signing secret stored encrypted"));
        return s;
    }

    /** Removes a user's webhook; false when there was none. */
    public boolean delete(String actor, String userId) {
        boolean existed = store.deleteUserWebhook(userId);
        cache.put(userId, Optional.empty());
        if (existed) {
            store.appendAudit(new AuditEvent(clock.now(), actor, "webhook", userId, "deleted", "order events no longer sent"));
        }
        return existed;
    }

    /** A user's webhook (read from the store once, then from memory). */
    public Optional<Settings> find(String userId) {
        Optional<Settings> cached = cache.get(userId);
        if (cached != null) {
            return cached;
        }
        Optional<Settings> loaded = store.findUserWebhook(userId).map(sealed -> open(userId, sealed));
        cache.putIfAbsent(userId, loaded);
        return cache.get(userId);
    }

    private Settings open(String userId, byte[] sealed) {
        try {
            Map<?, ?> f = mapper.readValue(new String(vault.open(owner(userId), sealed), StandardCharsets.UTF_8), Map.class);
            return new Settings(URI.create((String) f.get("url")), (String) f.get("secret"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the stored webhook of " + userId + " is unreadable", e);
        }
    }

    /** scheme://host[:port]: what may be shown of a webhook URL. */
    static String origin(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
    }

    private static String owner(String userId) {
        return "webhook:" + userId;
    }
}
