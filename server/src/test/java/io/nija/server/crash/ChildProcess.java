package io.nija.server.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A `nija-router` command run in its own JVM, on the test's class path; its output goes to a log file. */
final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final CompletableFuture<String> readyLine = new CompletableFuture<>();
    private final List<String> lines = new ArrayList<>();

    private ChildProcess(Process process) {
        this.process = process;
    }

    static ChildProcess start(List<String> args, Map<String, String> env, Path log, Predicate<String> ready) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.nija.server.cli.NijaRouterCli");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        ChildProcess child = new ChildProcess(pb.start());
        Thread.ofVirtual().start(() -> child.pump(ready));
        return child;
    }

    private void pump(Predicate<String> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                if (ready.test(line)) {
                    readyLine.complete(line);
                }
            }
        } catch (IOException ignored) {
            // the process died; readiness (if not reached) fails below
        }
        readyLine.completeExceptionally(new IllegalStateException("process ended before it was ready"));
    }

    /** Waits until the ready line appeared on stdout. */
    ChildProcess awaitReady(long seconds) throws Exception {
        readyLine.get(seconds, TimeUnit.SECONDS);
        return this;
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** kill -9: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the process to end (kill -9 after {@code seconds}); returns its exit code. */
    int terminate(long seconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("the process did not stop within " + seconds + " s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
