package io.nija.server.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting of {@code serve}, with its three names: the key in the config file, the command-line flag and the
 * environment variable. A value is taken from the flag, else the variable, else the file, else the default
 * ({@link ServeConfig#resolve}). The variables of the secrets ({@code NIJA_ADMIN_TOKEN}, {@code NIJA_MASTER_KEY},
 * {@code NIJA_MASTER_KEY_PREVIOUS}) are not settings: they are never written in a file that may be checked in.
 */
public enum ServeSetting {
    HOST("host", "--host", "NIJA_HOST", "0.0.0.0"),
    PORT("port", "--port", "NIJA_PORT", "8080"),
    DATA_DIR("data_dir", "--data-dir", "NIJA_DATA_DIR", "./data"),
    DB_URL("db_url", "--db-url", "NIJA_DB_URL", null),
    DB_SCHEMA("db_schema", "--db-schema", "NIJA_DB_SCHEMA", null),
    VENUES_FROM("venues_from", "--venues-from", "NIJA_VENUES_FROM", null),
    WITH_SIM("with_sim", "--with-sim", "NIJA_WITH_SIM", "false"),
    LIVE("live", "--live", "NIJA_LIVE", "false"),
    SEED("seed", "--seed", "NIJA_SEED", "42"),
    API_RATE("api_rate", "--api-rate", "NIJA_API_RATE_PER_SECOND", "50"),
    /** Default: the larger of 100 and the rate rounded up. */
    API_BURST("api_burst", "--api-burst", "NIJA_API_RATE_BURST", null),
    ALLOW_PRIVATE_WEBHOOKS("allow_private_webhooks", "--allow-private-webhooks", "NIJA_ALLOW_PRIVATE_WEBHOOKS", "false"),
    STATIC_BOOKS("static_books", "--static-books", "NIJA_STATIC_BOOKS", "false"),
    /** A list in the file; comma-separated in the variable; a repeatable flag. */
    VISIBILITY_WINDOW("visibility_window", "--visibility-window", "NIJA_VISIBILITY_WINDOW", null),
    CLUSTER("cluster", "--cluster", "NIJA_CLUSTER", "false"),
    /** price (default) or score. */
    ROUTING_POLICY("routing_policy", "--routing-policy", "NIJA_ROUTING_POLICY", "price"),
    /** true (default) or false: venues over HTTP push orders and books over their websockets. */
    STREAMS("streams", "--streams", "NIJA_STREAMS", "true");

    /** The config file's own flag and variable (not a key in the file). */
    public static final String CONFIG_FLAG = "--config";
    public static final String CONFIG_ENV = "NIJA_CONFIG";

    private final String key;
    private final String flag;
    private final String env;
    private final String defaultValue;

    ServeSetting(String key, String flag, String env, String defaultValue) {
        this.key = key;
        this.flag = flag;
        this.env = env;
        this.defaultValue = defaultValue;
    }

    public String key() {
        return key;
    }

    public String flag() {
        return flag;
    }

    public String env() {
        return env;
    }

    /** The default as text; null when there is none (unset, or computed from other settings). */
    public String defaultValue() {
        return defaultValue;
    }

    public static Optional<ServeSetting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
