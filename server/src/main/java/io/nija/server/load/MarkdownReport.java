package io.nija.server.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A run written down for bench/results/: what ran, the command, the machine and its load average before and after
 * (the machine is shared), and the same rows the terminal's table shows.
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(LoadResult r, String command, String loadBefore, String loadAfter) {
        StringBuilder s = new StringBuilder();
        s.append("# Load test, ").append(r.plan().scenario().wire()).append(": ").append(r.plan().describe()).append("\n\n");
        s.append("Date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        s.append("```sh\n").append(command).append("\n```\n\n");
        s.append("Against: ").append(r.target()).append("\n\n");
        s.append("## Machine\n\n");
        s.append("- nproc: ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        firstLine(Path.of("/proc/cpuinfo"), "model name").ifPresent(m -> s.append("- cpu: ").append(m).append('\n'));
        firstLine(Path.of("/proc/meminfo"), "MemTotal").ifPresent(m -> s.append("- memory: ").append(m).append('\n'));
        s.append("- java: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.vm.version"))
                .append(", max heap ").append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB\n");
        s.append("- load average (1/5/15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter)
                .append(" (the machine's cores are shared with other work)\n\n");
        s.append("## Results\n\n| measure | value |\n|---|---|\n");
        for (Readout.Row row : Readout.rows(r)) {
            s.append("| ").append(row.measure()).append(" | ").append(row.value().replace("|", "\\|")).append(" |\n");
        }
        return s.toString();
    }

    /** /proc/loadavg's three averages, or "unknown". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public static void write(Path file, String report) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, report, StandardCharsets.UTF_8);
    }

    private static Optional<String> firstLine(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.stream().filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

}
