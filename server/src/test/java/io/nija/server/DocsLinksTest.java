package io.nija.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs a fresh clone has point only at what the clone has: every file or folder of the repository that README.md,
 * docs/*.md and deploy/README.md name (as `module/path`, `module/.../Name` or a markdown link) exists, in-page links
 * land on a heading, and nothing points outside the repository.
 */
class DocsLinksTest {
    private static final Pattern CODE_PATH = Pattern.compile(
            "`((?:docs|deploy|server|core|store|sim|venues|bench|bin)/[^`\\s]*)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern SIBLING_DOC = Pattern.compile("`([a-z-]+\\.md)`");

    @Test
    void everyNamedPathExists() throws IOException {
        Path root = root();
        Set<String> missing = new TreeSet<>();
        for (Path page : pages(root)) {
            String text = Files.readString(page);
            assertThat(text).as(page + " points outside the repository").doesNotContain("../shared", "/work/");
            Matcher m = CODE_PATH.matcher(text);
            while (m.find()) {
                String ref = m.group(1).replaceAll("[.,:;]$", "");
                if (!ref.contains("/target/") && !resolves(root, ref)) {
                    missing.add(root.relativize(page) + ": " + ref);
                }
            }
            Matcher sibling = SIBLING_DOC.matcher(text);
            while (sibling.find()) {
                String name = sibling.group(1);
                if (!Files.exists(page.resolveSibling(name)) && !Files.exists(root.resolve("docs").resolve(name))) {
                    missing.add(root.relativize(page) + ": " + name);
                }
            }
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    continue;
                }
                if (target.startsWith("#")) {
                    if (!anchors(text).contains(target.substring(1))) {
                        missing.add(root.relativize(page) + ": " + target);
                    }
                } else if (!Files.exists(page.resolveSibling(target.replaceAll("#.*$", "")))) {
                    missing.add(root.relativize(page) + ": " + target);
                }
            }
        }
        assertThat(missing).as("paths and links the docs name that do not exist").isEmpty();
    }

    /** An exact path, or `module/.../suffix` (a glob) matching some file or folder under the module. */
    private static boolean resolves(Path root, String ref) throws IOException {
        if (!ref.contains("*") && !ref.contains("...") && Files.exists(root.resolve(ref))) {
            return true;
        }
        int slash = ref.indexOf('/');
        Path module = root.resolve(ref.substring(0, slash));
        String suffix = ref.substring(slash + 1).replaceFirst("^\\.\\.\\./", "").replace("/.../", "/**/");
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:**/" + suffix + "{,.java}");
        try (Stream<Path> all = Files.walk(module)) {
            return all.filter(p -> !p.toString().contains("/target/")).anyMatch(matcher::matches);
        }
    }

    private static Set<String> anchors(String text) {
        Set<String> out = new TreeSet<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(java.util.Locale.ROOT);
                out.add(title.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    private static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("deploy/README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
