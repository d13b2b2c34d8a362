package io.nija.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nija.core.time.Clock;
import io.nija.core.venue.Venue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code --venues-from}: a JSON object naming each venue to enable and its base URL, for example
 * {"binance": "http://127.0.0.1:9100", "kraken": "http://127.0.0.1:9101"}. Only the venues named are enabled.
 */
public final class VenueConfig {
    private VenueConfig() {
    }

    public static Map<String, String> read(Path file) {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root == null || !root.isObject() || root.isEmpty()) {
                throw new IllegalArgumentException(file + " must hold a JSON object of venue name to base URL");
            }
            Map<String, String> urls = new LinkedHashMap<>();
            root.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException("base URL of " + e.getKey() + " in " + file + " must be a string");
                }
                urls.put(e.getKey(), e.getValue().textValue());
            });
            return urls;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read venues file " + file, e);
        }
    }

    /**
     * Writes the file {@link #read} reads ({@code sim --venues-out}), whole or not at all: written beside it and
     * moved into place, so a {@code serve --venues-from} started meanwhile never reads half a file.
     */
    public static void write(Path file, Map<String, String> urls) {
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = mapper.createObjectNode();
        urls.forEach(root::put);
        Path target = file.toAbsolutePath();
        try {
            java.nio.file.Files.createDirectories(target.getParent());
            Path tmp = java.nio.file.Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
            java.nio.file.Files.writeString(tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write venues file " + file, e);
        }
    }

    public static Map<String, Venue> load(Path file, Clock clock, boolean liveTrading) {
        Map<String, Venue> venues = new LinkedHashMap<>();
        read(file).forEach((name, url) -> venues.put(name, HttpVenues.create(name, url, clock, liveTrading)));
        return venues;
    }
}
