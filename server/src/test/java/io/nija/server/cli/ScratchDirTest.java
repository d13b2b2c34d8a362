package io.nija.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The scratch data directory of demo and loadtest is removed with everything in it. */
class ScratchDirTest {
    @Test
    void closingRemovesTheDirectoryAndItsSecrets() throws Exception {
        Path dir;
        try (ScratchDir scratch = ScratchDir.create("nija-scratch-test")) {
            dir = scratch.path();
            Files.writeString(dir.resolve("admin-token"), "nja_secret");
            Files.createDirectories(dir.resolve("pg/base/1"));
            Files.writeString(dir.resolve("pg/base/1/rows"), "data");
            assertThat(dir).isDirectory();
        }
        assertThat(dir).doesNotExist();
    }
}
