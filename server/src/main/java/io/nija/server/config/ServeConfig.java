package io.nija.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nija.core.engine.VisibilityWindows;
import io.nija.server.app.ServeOptions;
import io.nija.server.app.VisibilityOption;
import io.nija.server.http.RateLimit;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The settings of {@code serve}, typed and checked: one value per {@link ServeSetting}, taken from the command line,
 * else the environment, else the config file (YAML, see docs/config-example.yaml), else the default. Everything wrong
 * is reported at once ({@link ConfigException}), with where each bad value came from, so a deployment is fixed in one
 * round rather than one error per restart.
 *
 * @param visibility null = the built-in windows per venue
 */
public record ServeConfig(String host, int port, Path dataDir, String dbUrl, String dbSchema, Path venuesFrom,
                          boolean withSim, boolean live, long seed, RateLimit apiRateLimit, boolean allowPrivateWebhooks,
                          boolean staticBooks, VisibilityWindows visibility, boolean cluster,
                          io.nija.core.routing.RoutingPolicy routingPolicy, boolean streams) {
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** What {@code serve} runs with (the in-process market flow unless static books or venues over HTTP). */
    public ServeOptions toServeOptions() {
        return new ServeOptions(host, port, dataDir, dbUrl, dbSchema, withSim ? null : venuesFrom, seed, live,
                apiRateLimit, allowPrivateWebhooks, !staticBooks && venuesFrom == null, visibility, cluster, streams);
    }

    /**
     * Resolves every setting.
     *
     * @param flags      the values given on the command line, as text (a switch given: "true"; a repeated option: its
     *                   values joined with commas)
     * @param configFile the YAML file, or null for none
     * @throws ConfigException listing every problem found
     */
    public static ServeConfig resolve(Map<ServeSetting, String> flags, Environment env, Path configFile) {
        List<String> problems = new ArrayList<>();
        Map<ServeSetting, String> fromFile = configFile == null ? Map.of() : readFile(configFile, problems);
        Values v = new Values(flags, env, fromFile, configFile, problems);

        String host = v.text(ServeSetting.HOST);
        if (host != null && host.isBlank()) {
            v.bad(ServeSetting.HOST, "must not be empty");
        } else if (host != null) {
            HostSyntax.problem(host).ifPresent(why -> v.bad(ServeSetting.HOST, why));
        }
        int port = (int) v.whole(ServeSetting.PORT, 0, 65535);
        Path dataDir = Path.of(v.text(ServeSetting.DATA_DIR));
        String dbUrl = v.text(ServeSetting.DB_URL);
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            v.bad(ServeSetting.DB_URL, "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db)");
        }
        String dbSchema = v.text(ServeSetting.DB_SCHEMA);
        if (dbSchema != null && !SCHEMA_NAME.matcher(dbSchema).matches()) {
            v.bad(ServeSetting.DB_SCHEMA, "must be 1-63 lower-case letters, digits or _, not starting with a digit");
        } else if (dbSchema != null && dbUrl == null) {
            v.bad(ServeSetting.DB_SCHEMA, "needs " + ServeSetting.DB_URL.key() + " (the embedded store has one schema)");
        }
        String venuesText = v.text(ServeSetting.VENUES_FROM);
        Path venuesFrom = venuesText == null ? null : Path.of(venuesText);
        if (venuesFrom != null && !Files.isReadable(venuesFrom)) {
            v.bad(ServeSetting.VENUES_FROM, "is not a readable file");
        }
        boolean withSim = v.bool(ServeSetting.WITH_SIM);
        if (withSim && venuesFrom != null) {
            v.bad(ServeSetting.WITH_SIM, "cannot be combined with " + ServeSetting.VENUES_FROM.key()
                    + " (the simulator is the venues)");
        }
        boolean live = v.bool(ServeSetting.LIVE);
        long seed = v.whole(ServeSetting.SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        RateLimit rateLimit = rateLimit(v);
        boolean allowPrivate = v.bool(ServeSetting.ALLOW_PRIVATE_WEBHOOKS);
        boolean staticBooks = v.bool(ServeSetting.STATIC_BOOKS);
        VisibilityWindows visibility = null;
        String windows = v.text(ServeSetting.VISIBILITY_WINDOW);
        if (windows != null) {
            try {
                visibility = VisibilityOption.parse(List.of(windows));
            } catch (IllegalArgumentException e) {
                v.bad(ServeSetting.VISIBILITY_WINDOW, e.getMessage());
            }
        }
        boolean cluster = v.bool(ServeSetting.CLUSTER);
        if (cluster && dbUrl == null) {
            v.bad(ServeSetting.CLUSTER, "needs " + ServeSetting.DB_URL.key() + " (the instances share one external PostgreSQL)");
        }
        io.nija.core.routing.RoutingPolicy routingPolicy = io.nija.core.routing.RoutingPolicy.PRICE;
        try {
            routingPolicy = io.nija.core.routing.RoutingPolicy.parse(v.text(ServeSetting.ROUTING_POLICY).trim());
        } catch (IllegalArgumentException e) {
            v.bad(ServeSetting.ROUTING_POLICY, e.getMessage());
        }
        boolean streams = v.bool(ServeSetting.STREAMS);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServeConfig(host, port, dataDir, dbUrl, dbSchema, venuesFrom, withSim, live, seed, rateLimit,
                allowPrivate, staticBooks, visibility, cluster, routingPolicy, streams);
    }

    private static RateLimit rateLimit(Values v) {
        BigDecimal rate = v.decimal(ServeSetting.API_RATE);
        if (rate != null && rate.signum() < 0) {
            v.bad(ServeSetting.API_RATE, "must not be negative (0 = unlimited)");
            rate = null;
        }
        long burst = v.text(ServeSetting.API_BURST) == null
                ? Math.max(RateLimit.DEFAULT.burst(), rate == null ? 0 : rate.setScale(0, java.math.RoundingMode.CEILING).longValue())
                : v.whole(ServeSetting.API_BURST, 1, Long.MAX_VALUE);
        return rate == null || burst < 1 ? RateLimit.DEFAULT : new RateLimit(rate.doubleValue(), burst);
    }

    /** The file's keys as text; unknown keys and values of the wrong shape are problems. */
    private static Map<ServeSetting, String> readFile(Path file, List<String> problems) {
        Map<ServeSetting, String> values = new EnumMap<>(ServeSetting.class);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            problems.add(file + ": cannot be read as YAML: " + firstLine(e.getMessage()));
            return values;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values; // an empty file sets nothing
        }
        if (!root.isObject()) {
            problems.add(file + ": must be a mapping of setting names to values");
            return values;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ServeSetting setting = ServeSetting.byKey(e.getKey()).orElse(null);
            if (setting == null) {
                problems.add(file + ": unknown key '" + e.getKey() + "' (known: " + String.join(", ",
                        java.util.Arrays.stream(ServeSetting.values()).map(ServeSetting::key).toList()) + ")");
                continue;
            }
            JsonNode n = e.getValue();
            if (n.isNull()) {
                continue;
            }
            if (n.isArray() && setting == ServeSetting.VISIBILITY_WINDOW) {
                List<String> items = new ArrayList<>();
                n.forEach(item -> items.add(item.isValueNode() ? item.asText() : "\0"));
                if (items.contains("\0")) {
                    problems.add(setting.key() + " in " + file + ": list items must be single values");
                    continue;
                }
                values.put(setting, String.join(",", items));
            } else if (n.isValueNode()) {
                values.put(setting, n.asText());
            } else {
                problems.add(setting.key() + " in " + file + ": must be a single value, not a "
                        + (n.isArray() ? "list" : "mapping"));
            }
        }
        return values;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The layered values of one resolution, and the problems found in them. */
    private record Values(Map<ServeSetting, String> flags, Environment env, Map<ServeSetting, String> file,
                          Path configFile, List<String> problems) {

        /** The winning value as text (null when unset with no default). */
        String text(ServeSetting s) {
            String flag = flags.get(s);
            if (flag != null) {
                return flag;
            }
            String fromEnv = env.get(s.env());
            if (fromEnv != null) {
                return fromEnv;
            }
            String fromFile = file.get(s);
            return fromFile != null ? fromFile : s.defaultValue();
        }

        /** Where the winning value came from, for messages. */
        String source(ServeSetting s) {
            if (flags.get(s) != null) {
                return s.flag();
            }
            if (env.get(s.env()) != null) {
                return "env " + s.env();
            }
            return file.get(s) != null ? configFile.toString() : "the default";
        }

        void bad(ServeSetting s, String why) {
            problems.add(s.key() + ": '" + text(s) + "' from " + source(s) + " " + why);
        }

        long whole(ServeSetting s, long min, long max) {
            String t = text(s);
            try {
                long n = Long.parseLong(t.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            bad(s, min == Long.MIN_VALUE ? "is not a whole number" : "is not a whole number from " + min + " to " + max);
            return Math.max(min, 0);
        }

        BigDecimal decimal(ServeSetting s) {
            String t = text(s);
            try {
                return new BigDecimal(t.trim());
            } catch (NumberFormatException e) {
                bad(s, "is not a number");
                return null;
            }
        }

        /** true|1|yes and false|0|no, any case; a switch on the command line gives "true". */
        boolean bool(ServeSetting s) {
            String t = text(s).trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "true", "1", "yes" -> {
                    return true;
                }
                case "false", "0", "no" -> {
                    return false;
                }
                default -> {
                    bad(s, "is not true or false");
                    return false;
                }
            }
        }
    }
}
