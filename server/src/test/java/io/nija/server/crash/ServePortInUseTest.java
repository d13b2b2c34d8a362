package io.nija.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `nija-router serve` on a port another process holds, as its own process: it exits 1 with one line saying so, and no
 * stack trace (before, the listener's JavalinBindException and its causes were printed, 37 lines, saying "Port
 * already in use" even for a host that does not resolve).
 */
class ServePortInUseTest {
    @Test
    void aTakenPortEndsServeWithOneLineAndExitOne() throws Exception {
        Path dir = Files.createTempDirectory("nija-port-in-use");
        Path log = dir.resolve("serve.log");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.nija.server.cli.NijaRouterCli",
                    "serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--data-dir", dir.resolve("data").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!serve.waitFor(300, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
                throw new AssertionError("serve did not end within 300 s on a taken port");
            }
            List<String> lines = Files.readAllLines(log);
            assertThat(serve.exitValue()).as(String.join("\n", lines)).isEqualTo(1);
            assertThat(lines).contains("nija-router serve: cannot listen on 127.0.0.1:" + port
                    + ": the port is in use by another process (choose another --port, or stop that process)");
            assertThat(lines).as("stack traces").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
            assertThat(lines).as("the store started is closed again").anyMatch(l -> l.contains("store closed"));
        }
    }
}
