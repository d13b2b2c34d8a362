package io.nija.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.server.app.VenueConfig;
import io.nija.server.cli.NijaRouterCli;
import io.nija.venues.VenueEndpoints;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * deploy/k8s agrees with the service: probes, ports, arguments, secrets, env and resources. The port comes from
 * the serve command's own --port default, env names from what the service's code reads, secret names and keys
 * from deploy/README.md; resources and probe timings are the design's (execution-routing-model.txt).
 */
@ExtendWith(RunningService.Extension.class)
class KubernetesManifestsTest {
    private static final Pattern K8S_VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    @Test
    void everyManifestParsesAndTheKustomizationListsEachOfThem() {
        List<Path> files = DeployFiles.manifestFiles();
        assertThat(files).isNotEmpty();
        Set<String> objects = new TreeSet<>();
        for (Path f : files) {
            List<JsonNode> docs = DeployFiles.documents(f);
            assertThat(docs).as(f + " documents").isNotEmpty();
            for (JsonNode d : docs) {
                assertThat(d.path("apiVersion").asText()).as(f + " apiVersion").isNotBlank();
                assertThat(d.path("kind").asText()).as(f + " kind").isNotBlank();
                if (!d.path("kind").asText().equals("Kustomization")) {
                    assertThat(d.path("metadata").path("name").asText()).as(f + " metadata.name").isNotBlank();
                    assertThat(objects.add(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()))
                            .as("unique object in " + f).isTrue();
                }
            }
        }
        assertThat(objects).contains("Deployment/execution-router").anyMatch(o -> o.startsWith("Service/"))
                .anyMatch(o -> o.startsWith("ConfigMap/")).anyMatch(o -> o.startsWith("PodDisruptionBudget/"));
        assertThat(objects).as("secret values never live in deploy/k8s").noneMatch(o -> o.startsWith("Secret/"));

        List<String> listed = new ArrayList<>();
        DeployFiles.one("Kustomization").path("resources").forEach(r -> listed.add(r.asText()));
        List<String> others = files.stream().map(f -> f.getFileName().toString())
                .filter(n -> !n.startsWith("kustomization.")).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(others);
    }

    @Test
    void probesHitHealthAndReadyOnThePortTheServiceListensOn() {
        int port = DeployFiles.defaultPort();
        JsonNode c = container();
        assertThat(containerPort(c, "http")).as("container port named http").isEqualTo(port);

        JsonNode liveness = c.path("livenessProbe");
        assertThat(liveness.path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(resolvePort(c, liveness.path("httpGet").path("port"))).isEqualTo(port);
        assertThat(liveness.path("initialDelaySeconds").asInt()).isEqualTo(30);
        assertThat(liveness.path("periodSeconds").asInt()).isEqualTo(10);

        JsonNode readiness = c.path("readinessProbe");
        assertThat(readiness.path("httpGet").path("path").asText()).isEqualTo("/ready");
        assertThat(resolvePort(c, readiness.path("httpGet").path("port"))).isEqualTo(port);
        assertThat(readiness.path("initialDelaySeconds").asInt()).isEqualTo(5);
        assertThat(readiness.path("periodSeconds").asInt()).isEqualTo(5);

        // The service is told to listen where the probes look (or keeps its default there).
        ParseResult serve = parseServeArgs().subcommand();
        assertThat(Integer.parseInt(serve.matchedOptionValue("--port", String.valueOf(port)))).as("--port in args").isEqualTo(port);
    }

    @Test
    void probeAndScrapePathsAnswerOnTheRunningService(RunningService service) {
        assertThat(service.get(container().path("livenessProbe").path("httpGet").path("path").asText()).status()).isEqualTo(200);
        assertThat(service.get(container().path("readinessProbe").path("httpGet").path("path").asText()).status()).isEqualTo(200);
        JsonNode annotations = deployment().path("spec").path("template").path("metadata").path("annotations");
        RunningService.Reply metrics = service.get(annotations.path("prometheus.io/path").asText());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
    }

    @Test
    void theServeCommandAcceptsTheArgumentsTheDeploymentPasses() {
        JsonNode c = container();
        assertThat(c.has("command")).as("command is the image's ENTRYPOINT (java -jar), not overridden").isFalse();
        Set<String> defined = new TreeSet<>(envByName(c).keySet());
        for (JsonNode a : c.path("args")) {
            Matcher m = K8S_VAR.matcher(a.asText());
            while (m.find()) {
                assertThat(defined).as("$(%s) in args is defined in the container's env", m.group(1)).contains(m.group(1));
            }
        }
        ParseResult root = parseServeArgs();
        assertThat(root.subcommand()).as("args start with the serve command").isNotNull();
        assertThat(root.subcommand().commandSpec().name()).isEqualTo("serve");
        assertThat(root.subcommand().unmatched()).isEmpty();
    }

    @Test
    void theDatabaseUrlComesFromASecret() {
        JsonNode c = container();
        Map<String, JsonNode> env = envByName(c);
        ParseResult serve = parseServeArgs().subcommand();
        String dbUrlArg = serve.matchedOptionValue("--db-url", (String) null);
        String dbVar;
        if (dbUrlArg != null) {
            Matcher m = K8S_VAR.matcher(dbUrlArg);
            assertThat(m.matches()).as("--db-url is passed as $(VAR), not as a literal: " + dbUrlArg).isTrue();
            dbVar = m.group(1);
        } else {
            // Without --db-url in args, the service must take it from env by itself (--db-url default ${env:VAR}).
            String raw = DeployFiles.serveUninterpolated().findOption("--db-url").defaultValue();
            Matcher m = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}").matcher(raw == null ? "" : raw);
            assertThat(m.matches()).as("without --db-url in args, serve's --db-url must default from env, got " + raw)
                    .isTrue();
            dbVar = m.group(1);
        }
        assertThat(env).as("env " + dbVar).containsKey(dbVar);
        assertThat(env.get(dbVar).path("valueFrom").has("secretKeyRef")).as(dbVar + " from a secretKeyRef").isTrue();
        assertThat(env.get(dbVar).has("value")).as(dbVar + " has no literal value").isFalse();
    }

    @Test
    void secretsAreReferencedByKeysDocumentedInTheReadmeAndTheTemplateHoldsNoValues() {
        Set<String> documented = documentedSecretKeys();
        Set<String> referenced = new TreeSet<>();
        for (JsonNode m : DeployFiles.manifests()) {
            collectSecretKeyRefs(m, referenced);
        }
        assertThat(referenced).isNotEmpty();
        assertThat(documented).as("secret/key rows of deploy/README.md").containsAll(referenced);

        for (Map.Entry<String, JsonNode> e : envByName(container()).entrySet()) {
            assertThat(e.getKey()).as("env name").isNotBlank();
            if (e.getKey().equals("NIJA_ADMIN_TOKEN") || e.getKey().equals("NIJA_MASTER_KEY")) {
                assertThat(e.getValue().path("valueFrom").has("secretKeyRef")).as(e.getKey() + " from a Secret").isTrue();
            }
        }
        assertThat(envByName(container())).containsKeys("NIJA_ADMIN_TOKEN", "NIJA_MASTER_KEY");

        Set<String> template = new TreeSet<>();
        for (JsonNode s : DeployFiles.documents(DeployFiles.deploy().resolve("secret.example.yaml"))) {
            assertThat(s.path("kind").asText()).isEqualTo("Secret");
            assertThat(s.has("data")).as("template uses stringData placeholders only").isFalse();
            s.path("stringData").properties().forEach(kv -> {
                template.add(s.path("metadata").path("name").asText() + "/" + kv.getKey());
                assertThat(kv.getValue().asText()).as("placeholder of " + kv.getKey()).contains("REPLACE_ME");
            });
        }
        assertThat(template).as("secret.example.yaml keys").isEqualTo(referenced);
    }

    @Test
    void everyEnvVariableIsOneTheServiceReads() throws IOException {
        Set<String> read = namesTheServiceReads();
        assertThat(read).as("the service reads its secrets from env").contains("NIJA_ADMIN_TOKEN", "NIJA_MASTER_KEY");
        Set<String> expandedIntoArgs = new TreeSet<>();
        container().path("args").forEach(a -> {
            Matcher m = K8S_VAR.matcher(a.asText());
            while (m.find()) {
                expandedIntoArgs.add(m.group(1));
            }
        });
        for (String name : envByName(container()).keySet()) {
            assertThat(read.contains(name) || expandedIntoArgs.contains(name) || name.equals("JAVA_TOOL_OPTIONS"))
                    .as(name + " is read by the service, expanded into args, or a JVM setting; the service reads " + read)
                    .isTrue();
        }
    }

    @Test
    void configMapReferencesResolveAndItsVenuesAreNonLiveUnlessLiveTradingIsOn(@TempDir Path tmp) throws IOException {
        JsonNode cm = DeployFiles.one("ConfigMap");
        String cmName = cm.path("metadata").path("name").asText();
        JsonNode data = cm.path("data");
        JsonNode c = container();
        for (JsonNode e : c.path("env")) {
            JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
            if (!ref.isMissingNode()) {
                assertThat(ref.path("name").asText()).isEqualTo(cmName);
                assertThat(data.has(ref.path("key").asText())).as("ConfigMap key " + ref.path("key")).isTrue();
            }
        }
        assertThat(List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"))
                .contains(data.path("log-level").asText().toUpperCase(java.util.Locale.ROOT));

        // --venues-from points into the ConfigMap's mount, at a key the ConfigMap holds.
        ParseResult serve = parseServeArgs().subcommand();
        String venuesArg = serve.matchedOptionValue("--venues-from", (String) null);
        Path venuesFrom = venuesArg == null ? null : Path.of(venuesArg);
        assertThat(venuesFrom).as("--venues-from").isNotNull();
        String mountPath = mountPathOfVolume(c, volumeNamed(v -> v.path("configMap").path("name").asText().equals(cmName)));
        assertThat(venuesFrom.getParent()).isEqualTo(Path.of(mountPath));
        String key = venuesFrom.getFileName().toString();
        assertThat(data.has(key)).as("ConfigMap holds " + key).isTrue();

        Path file = Files.writeString(tmp.resolve(key), data.path(key).asText());
        Map<String, String> venues = VenueConfig.read(file);
        assertThat(venues).isNotEmpty();
        boolean live = serve.matchedOptionValue("--live", false);
        venues.forEach((venue, url) -> {
            VenueEndpoints.production(venue); // throws for an unknown venue name
            if (!live) {
                assertThat(VenueEndpoints.isLive(venue, URI.create(url), false))
                        .as(venue + " at " + url + " would trade real money without --live").isFalse();
            }
        });
    }

    @Test
    void resourcesReplicasAndSecurityContextFollowTheDesign() {
        JsonNode d = deployment();
        assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(3);
        JsonNode resources = container().path("resources");
        assertThat(resources.path("requests").path("memory").asText()).isEqualTo("512Mi");
        assertThat(resources.path("requests").path("cpu").asText()).isEqualTo("500m");
        assertThat(resources.path("limits").path("memory").asText()).isEqualTo("1Gi");
        assertThat(resources.path("limits").path("cpu").asText()).isIn("1000m", "1");

        JsonNode pod = d.path("spec").path("template").path("spec");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
        JsonNode sc = container().path("securityContext");
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(sc.path("capabilities").path("drop").toString()).contains("ALL");

        // With a read-only root file system, /tmp and the data dir must be writable volumes.
        ParseResult serve = parseServeArgs().subcommand();
        String dataDirArg = serve.matchedOptionValue("--data-dir", (String) null);
        Path dataDir = dataDirArg == null ? null : Path.of(dataDirArg);
        assertThat(dataDir).as("--data-dir is set to a mounted path").isNotNull();
        assertThat(dataDir.isAbsolute()).isTrue();
        for (String writable : List.of("/tmp", dataDir.toString())) {
            String volume = volumeMountedAt(container(), writable);
            assertThat(volume).as("volume mounted at " + writable).isNotNull();
            assertThat(pod.path("volumes").findValuesAsText("name")).contains(volume);
            JsonNode v = volumeNamed(x -> x.path("name").asText().equals(volume));
            assertThat(v.has("emptyDir")).as(writable + " is an emptyDir").isTrue();
        }
    }

    @Test
    void serviceAndDisruptionBudgetSelectTheDeploymentsPods() {
        JsonNode d = deployment();
        JsonNode podLabels = d.path("spec").path("template").path("metadata").path("labels");
        assertThat(selects(d.path("spec").path("selector").path("matchLabels"), podLabels)).isTrue();

        JsonNode pdb = DeployFiles.one("PodDisruptionBudget");
        assertThat(selects(pdb.path("spec").path("selector").path("matchLabels"), podLabels)).as("PDB selector").isTrue();
        assertThat(pdb.path("spec").path("minAvailable").asInt()).isEqualTo(2)
                .isLessThan(d.path("spec").path("replicas").asInt());

        JsonNode svc = DeployFiles.one("Service");
        assertThat(selects(svc.path("spec").path("selector"), podLabels)).as("Service selector").isTrue();
        JsonNode ports = svc.path("spec").path("ports");
        assertThat(ports).hasSize(1);
        assertThat(ports.get(0).path("port").asInt()).isEqualTo(80);
        assertThat(resolvePort(container(), ports.get(0).path("targetPort"))).isEqualTo(DeployFiles.defaultPort());
    }

    @Test
    void podsCarryPrometheusScrapeAnnotationsForTheServicePort() {
        JsonNode annotations = deployment().path("spec").path("template").path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(DeployFiles.defaultPort()));
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static JsonNode deployment() {
        return DeployFiles.one("Deployment");
    }

    private static JsonNode container() {
        JsonNode containers = deployment().path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, JsonNode> envByName(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    /** The container's args parsed by the real CLI ($(VAR) references are kept as they are written). */
    private static ParseResult parseServeArgs() {
        List<String> args = new ArrayList<>();
        container().path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).as("container args").isNotEmpty();
        return new CommandLine(new NijaRouterCli()).parseArgs(args.toArray(String[]::new));
    }

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    /** A probe's or Service's port: a number, or the name of one of the container's ports. */
    private static int resolvePort(JsonNode container, JsonNode port) {
        assertThat(port.isMissingNode()).as("port given").isFalse();
        if (port.isInt()) {
            return port.asInt();
        }
        return port.asText().matches("\\d+") ? Integer.parseInt(port.asText()) : containerPort(container, port.asText());
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        Map<String, String> want = new HashMap<>();
        selector.properties().forEach(e -> want.put(e.getKey(), e.getValue().asText()));
        return want.entrySet().stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null)));
    }

    private static JsonNode volumeNamed(java.util.function.Predicate<JsonNode> p) {
        for (JsonNode v : deployment().path("spec").path("template").path("spec").path("volumes")) {
            if (p.test(v)) {
                return v;
            }
        }
        throw new AssertionError("no such volume");
    }

    private static String mountPathOfVolume(JsonNode container, JsonNode volume) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("name").asText().equals(volume.path("name").asText())) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume.path("name") + " is not mounted");
    }

    private static String volumeMountedAt(JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(path)) {
                assertThat(m.path("readOnly").asBoolean(false)).as(path + " writable").isFalse();
                return m.path("name").asText();
            }
        }
        return null;
    }

    private static void collectSecretKeyRefs(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("secretKeyRef");
            if (ref != null) {
                out.add(ref.path("name").asText() + "/" + ref.path("key").asText());
            }
            node.forEach(child -> collectSecretKeyRefs(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collectSecretKeyRefs(child, out));
        }
    }

    /** "secret/key" of each row of the README's secrets table: | `secret` | `key` | ... |. */
    private static Set<String> documentedSecretKeys() {
        Set<String> rows = new TreeSet<>();
        Pattern row = Pattern.compile("^\\|\\s*`([a-z0-9.-]+)`\\s*\\|\\s*`([A-Za-z0-9._-]+)`\\s*\\|.*$", Pattern.MULTILINE);
        Matcher m = row.matcher(DeployFiles.read(DeployFiles.deploy().resolve("README.md")));
        while (m.find()) {
            rows.add(m.group(1) + "/" + m.group(2));
        }
        return rows;
    }

    /**
     * Environment variables the service reads: serve's settings, System.getenv("...") and
     * Environment.system().get("...") in the main code of the server and the modules it is built from, ${NAME} in its logback.xml, and ${env:NAME} defaults of its CLI options.
     */
    private static Set<String> namesTheServiceReads() throws IOException {
        Set<String> names = new TreeSet<>();
        Path root = DeployFiles.root();
        List<String> modules = new ArrayList<>(List.of("server"));
        Matcher dep = Pattern.compile("<artifactId>nija-([a-z]+)</artifactId>")
                .matcher(DeployFiles.read(root.resolve("server/pom.xml")));
        while (dep.find()) {
            modules.add(dep.group(1));
        }
        Pattern getenv = Pattern.compile("(?:System\\.getenv|Environment\\.system\\(\\)\\.get)\\(\\s*\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*\\)");
        // serve's settings, each with its variable (flags > env > config file > defaults).
        for (io.nija.server.config.ServeSetting setting : io.nija.server.config.ServeSetting.values()) {
            names.add(setting.env());
        }
        names.add(io.nija.server.config.ServeSetting.CONFIG_ENV);
        for (String module : modules) {
            Path src = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = getenv.matcher(DeployFiles.read(f));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        Path logback = root.resolve("server/src/main/resources/logback.xml");
        if (Files.exists(logback)) {
            Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}").matcher(DeployFiles.read(logback));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        DeployFiles.serveUninterpolated().options().forEach(o -> {
            Matcher m = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)").matcher(String.valueOf(o.defaultValue()));
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }
}
