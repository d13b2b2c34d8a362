package io.nija.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.nija.server.cli.NijaRouterCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Reads the files under {@code deploy/} and the service's own configuration model (the picocli CLI). */
final class DeployFiles {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {
    }

    /** The repository root: the nearest directory, from the working directory up, holding {@code deploy/k8s}. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy").resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("no deploy/k8s above " + Path.of("").toAbsolutePath());
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> manifestFiles() {
        try (Stream<Path> files = Files.list(deploy().resolve("k8s"))) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every non-empty document of a multi-document YAML file. */
    static List<JsonNode> documents(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return docs;
    }

    /** Every Kubernetes object under deploy/k8s. */
    static List<JsonNode> manifests() {
        return manifestFiles().stream().flatMap(f -> documents(f).stream()).toList();
    }

    static JsonNode one(String kind) {
        List<JsonNode> found = manifests().stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + " under deploy/k8s, found " + found.size());
        }
        return found.get(0);
    }

    /** The {@code serve} command as the CLI declares it (option defaults after variable interpolation). */
    static CommandSpec serve() {
        return new CommandLine(new NijaRouterCli()).getSubcommands().get("serve").getCommandSpec();
    }

    /** The {@code serve} command's options as written in the source, before picocli interpolates ${...}. */
    static CommandSpec serveUninterpolated() {
        CommandLine cli = new CommandLine(new NijaRouterCli());
        cli.setInterpolateVariables(false);
        return cli.getSubcommands().get("serve").getCommandSpec();
    }

    /** The port {@code serve} listens on when not told otherwise (its typed configuration's default). */
    static int defaultPort() {
        return Integer.parseInt(io.nija.server.config.ServeSetting.PORT.defaultValue());
    }
}
