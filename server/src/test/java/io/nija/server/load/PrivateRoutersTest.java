package io.nija.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The private routers' scratch directories hold an admin token, the credential master key and an embedded database:
 * gone after a run, and gone when the run is stopped with SIGTERM (Ctrl-C) half-way, database files included.
 */
class PrivateRoutersTest {
    @Test
    void closingStopsTheRouterAndRemovesItsDirectory() throws Exception {
        List<Path> dirs;
        try (PrivateRouters r = PrivateRouters.start(1, 7, null)) {
            dirs = r.dataDirs();
            assertThat(dirs).hasSize(1);
            assertThat(dirs.get(0).resolve("admin-token")).exists();
            assertThat(dirs.get(0).resolve("master.key")).exists();
            assertThat(r.targets()).hasSize(1);
            assertThat(r.schema()).isNull();
        }
        assertThat(dirs.get(0)).doesNotExist();
    }

    @Test
    void aRunStoppedWithSigtermLeavesNoDirectoryBehind() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.nija.server.cli.NijaRouterCli",
                "loadtest", "--scenario", "steady", "--users", "2", "--rate", "5", "--duration-seconds", "300",
                "--warmup-seconds", "0", "--size-usd", "10").redirectErrorStream(true).start();
        Path dir = null;
        boolean loading = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            Pattern data = Pattern.compile("\\(data in ([^;)]+), removed at the end\\)");
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = data.matcher(line);
                if (m.find()) {
                    dir = Path.of(m.group(1));
                }
                if (dir != null && line.contains("loadtest: sent ")) {
                    loading = true;
                    break;
                }
            }
            assertThat(dir).as("the run names its directory").isNotNull();
            assertThat(loading).as("the run got as far as sending").isTrue();
            assertThat(Files.exists(dir.resolve("pg"))).isTrue();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("stopped").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(dir).doesNotExist();
    }
}
