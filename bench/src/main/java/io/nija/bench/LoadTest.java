package io.nija.bench;

import io.nija.server.cli.NijaRouterCli;

/**
 * The bench's entry to the one load generator: exactly {@code nija-router loadtest} (the engine is
 * {@code io.nija.server.load.LoadEngine}), runnable from the shaded benchmarks jar beside the JMH benchmarks.
 * Every scenario and option of the CLI command applies; {@code --out FILE} writes the markdown report kept in
 * bench/results/.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.nija.bench.LoadTest --scenario steady --out FILE}
 */
public final class LoadTest {
    private LoadTest() {
    }

    /** Runs {@code loadtest} with these arguments; returns its exit code (0 all final, 1 failure, 2 bad usage). */
    public static int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "loadtest";
        System.arraycopy(args, 0, all, 1, args.length);
        return NijaRouterCli.commandLine().execute(all);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
