package io.nija.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `nija-router demo` as the README runs it, as its own process. Its seeded burst (seed 7) sends at least four exits for
 * pairs the user holds nothing of before any entry in them; intake refuses those (422 no_position, the rule that an
 * exit only reduces a position), and the demo used to end there with exit 1. They are now listed as refused and the
 * demo ends with its tables, exit 0, and its temporary directory removed.
 */
class DemoRefusalsTest {
    @Test
    void theDefaultBurstEndsWithItsTablesAndListsTheRefusedExits() throws Exception {
        Path dir = Files.createTempDirectory("nija-demo-test");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.nija.server.cli.NijaRouterCli", "demo")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!demo.waitFor(300, TimeUnit.SECONDS)) {
            demo.destroyForcibly();
            throw new AssertionError("demo did not end within 300 s");
        }
        List<String> lines = Files.readAllLines(out);
        List<String> errors = Files.readAllLines(err);
        assertThat(demo.exitValue()).as(String.join("\n", lines) + "\n" + String.join("\n", errors)).isZero();
        assertThat(lines).contains("refused at intake (no order made):");
        assertThat(lines.stream().filter(l -> l.contains(" no_position - ")).count()).isGreaterThanOrEqualTo(4);
        assertThat(lines).anyMatch(l -> l.contains("refused at intake") && l.contains("no_position="));
        assertThat(lines).anyMatch(l -> l.contains("by status"));
        assertThat(errors).as("stack traces").noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
        String scratch = errors.stream().filter(l -> l.startsWith("data in ")).findFirst().orElseThrow()
                .replaceFirst("^data in (\\S+) .*$", "$1");
        assertThat(Path.of(scratch)).as("the temporary data directory").doesNotExist();
    }
}
