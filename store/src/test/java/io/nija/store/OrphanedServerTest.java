package io.nija.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the process that owns the embedded server must not make the next start fail or lose data. */
class OrphanedServerTest {

    @Test
    void aServerLeftRunningByAKilledProcessIsStoppedAndItsDataKept(@TempDir Path dataDir) throws Exception {
        String userId = TestData.id("orphan");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                OrphanServerMain.class.getName(), dataDir.toString(), userId)
                .redirectErrorStream(true)
                .start();
        Optional<ProcessHandle> orphan = Optional.empty();
        try {
            assertThat(awaitReady(child)).as("child store started").isTrue();
            child.destroyForcibly(); // SIGKILL: no shutdown hook runs, the postmaster is left behind
            child.waitFor(30, TimeUnit.SECONDS);
            orphan = postmaster(dataDir.resolve(Stores.EMBEDDED_SUBDIRECTORY));
            assertThat(orphan).as("the killed process left its server running").hasValueSatisfying(
                    p -> assertThat(p.isAlive()).isTrue());

            try (JdbcStore store = Stores.embedded(dataDir)) {
                assertThat(orphan.get().isAlive()).isFalse();
                assertThat(store.findUser(userId)).isPresent();
            }
        } finally {
            child.destroyForcibly();
            orphan.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean awaitReady(Process child) throws Exception {
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.equals("READY")) {
                        return true;
                    }
                    System.out.println("child: " + line);
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        return ready.get(120, TimeUnit.SECONDS);
    }

    private static Optional<ProcessHandle> postmaster(Path pgDir) throws IOException {
        Path pidFile = pgDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
    }
}
