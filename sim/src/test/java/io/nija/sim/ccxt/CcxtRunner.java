package io.nija.sim.ccxt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/ccxt/check.js (ccxt as an independent client) against a simulated dialect. The first use installs the
 * pinned ccxt with {@code npm install --no-audit --no-fund} into target/ccxt; a failing install fails the test. Only a
 * machine without {@code node} skips (an assumption), since ccxt cannot run there at all.
 */
public final class CcxtRunner {
    private static final Path SOURCE = Path.of("src", "test", "ccxt");
    private static final Path WORK = Path.of("target", "ccxt");
    private static boolean installed;

    private CcxtRunner() {
    }

    public record Result(int exitCode, String output) {
    }

    /** Runs {@code node check.js <exchange> <url> <key> <secret> [passphrase]}; returns its exit code and output. */
    public static synchronized Result check(String exchange, URI baseUrl, String apiKey, String secret, String passphrase)
            throws IOException, InterruptedException {
        assumeTrue(nodeAvailable(), "node is not installed; the ccxt check cannot run here");
        install();
        List<String> cmd = new ArrayList<>(List.of("node", "check.js", exchange, baseUrl.toString(), apiKey, secret));
        if (passphrase != null) {
            cmd.add(passphrase);
        }
        Process p = new ProcessBuilder(cmd).directory(WORK.toFile()).redirectErrorStream(true).start();
        String output = read(p.getInputStream());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("ccxt check finished").isTrue();
        System.out.println(output);
        return new Result(p.exitValue(), output);
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        Files.copy(SOURCE.resolve("check.js"), WORK.resolve("check.js"), StandardCopyOption.REPLACE_EXISTING);
        String manifest = Files.readString(SOURCE.resolve("package.json"));
        Path installedManifest = WORK.resolve("package.json");
        boolean current = installed || (Files.exists(installedManifest)
                && Files.readString(installedManifest).equals(manifest)
                && Files.isDirectory(WORK.resolve("node_modules").resolve("ccxt")));
        if (current) {
            installed = true;
            return;
        }
        Files.writeString(installedManifest, manifest);
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund").directory(WORK.toFile())
                .redirectErrorStream(true).start();
        String output = read(npm.getInputStream());
        boolean done = npm.waitFor(10, TimeUnit.MINUTES);
        assertThat(done && npm.exitValue() == 0).as("npm install of ccxt failed:\n" + output).isTrue();
        installed = true;
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            read(p.getInputStream());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
