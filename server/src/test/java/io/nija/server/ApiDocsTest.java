package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md and the OpenAPI document the service serves describe the same API: every route (method and path) of
 * one is in the other, and every field of every object the OpenAPI document defines is named on the page.
 */
class ApiDocsTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Pattern HEADING = Pattern.compile("^### (GET|PUT|POST|DELETE|PATCH) (/\\S*)\\s*$", Pattern.MULTILINE);

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws IOException {
        JsonNode openapi = openapi();
        Set<String> described = new TreeSet<>();
        openapi.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (METHODS.contains(m.getKey())) {
                described.add(m.getKey().toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
            }
        }));
        Set<String> documented = new TreeSet<>();
        Matcher m = HEADING.matcher(apiMd());
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2));
        }
        assertThat(described).as("routes of openapi.json").isNotEmpty();
        assertThat(documented).as("routes in docs/api.md missing from openapi.json")
                .isSubsetOf(described);
        assertThat(described).as("routes of openapi.json missing from docs/api.md").isSubsetOf(documented);
    }

    @Test
    void everyFieldOfEveryObjectIsNamed() throws IOException {
        String page = apiMd();
        Set<String> missing = new TreeSet<>();
        openapi().path("components").path("schemas").properties().forEach(s -> {
            if (!page.contains("### " + s.getKey() + "\n")) {
                missing.add(s.getKey());
            }
            s.getValue().path("properties").fieldNames().forEachRemaining(f -> {
                if (!page.contains("`" + f + "`")) {
                    missing.add(s.getKey() + "." + f);
                }
            });
        });
        assertThat(missing).as("objects and fields of openapi.json not on docs/api.md").isEmpty();
    }

    private static JsonNode openapi() throws IOException {
        try (InputStream in = ApiDocsTest.class.getResourceAsStream("/openapi.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static String apiMd() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path page = p.resolve("docs").resolve("api.md");
            if (Files.isRegularFile(page)) {
                return Files.readString(page);
            }
        }
        throw new IllegalStateException("no docs/api.md above " + Path.of("").toAbsolutePath());
    }
}
