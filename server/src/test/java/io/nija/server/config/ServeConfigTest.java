package io.nija.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nija.server.cli.NijaRouterCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeConfigTest {
    @TempDir
    Path dir;

    private static final Environment NO_ENV = Environment.of(Map.of());

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("nija.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static Map<ServeSetting, String> flags(Object... kv) {
        Map<ServeSetting, String> m = new EnumMap<>(ServeSetting.class);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((ServeSetting) kv[i], (String) kv[i + 1]);
        }
        return m;
    }

    @Test
    void nothingGivenMeansTheDefaults() {
        ServeConfig c = ServeConfig.resolve(Map.of(), NO_ENV, null);
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.apiRateLimit().perSecond()).isEqualTo(50.0);
        assertThat(c.apiRateLimit().burst()).isEqualTo(100);
        assertThat(c.dbUrl()).isNull();
        assertThat(c.venuesFrom()).isNull();
        assertThat(c.withSim()).isFalse();
        assertThat(c.live()).isFalse();
        assertThat(c.allowPrivateWebhooks()).isFalse();
        assertThat(c.staticBooks()).isFalse();
        assertThat(c.visibility()).isNull();
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFileWhichWinsOverDefaults() throws IOException {
        Path f = file("port: 9001\nseed: 7\napi_rate: 20\nstatic_books: true\nhost: 10.0.0.1\n");
        Environment env = Environment.of(Map.of("NIJA_PORT", "9002", "NIJA_SEED", "8", "NIJA_STATIC_BOOKS", "false"));

        ServeConfig all = ServeConfig.resolve(flags(ServeSetting.PORT, "9003"), env, f);
        assertThat(all.port()).as("flag over env and file").isEqualTo(9003);
        assertThat(all.seed()).as("env over file").isEqualTo(8);
        assertThat(all.staticBooks()).as("env false over file true").isFalse();
        assertThat(all.apiRateLimit().perSecond()).as("file over default").isEqualTo(20.0);
        assertThat(all.host()).as("file over default").isEqualTo("10.0.0.1");
        assertThat(all.dataDir()).as("default").isEqualTo(Path.of("./data"));

        ServeConfig noFlag = ServeConfig.resolve(Map.of(), env, f);
        assertThat(noFlag.port()).isEqualTo(9002);
        ServeConfig fileOnly = ServeConfig.resolve(Map.of(), NO_ENV, f);
        assertThat(fileOnly.port()).isEqualTo(9001);
        assertThat(fileOnly.staticBooks()).isTrue();
    }

    @Test
    void theExistingEnvironmentNamesStillWork() {
        Environment env = Environment.of(Map.of("NIJA_API_RATE_PER_SECOND", "200", "NIJA_ALLOW_PRIVATE_WEBHOOKS", "yes",
                "NIJA_VISIBILITY_WINDOW", "3s,binance=30s"));
        ServeConfig c = ServeConfig.resolve(Map.of(), env, null);
        assertThat(c.apiRateLimit().perSecond()).isEqualTo(200.0);
        assertThat(c.apiRateLimit().burst()).as("burst follows a rate above 100").isEqualTo(200);
        assertThat(c.allowPrivateWebhooks()).isTrue();
        assertThat(c.visibility().fallback()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.visibility().perVenue()).containsEntry("binance", Duration.ofSeconds(30));
    }

    @Test
    void streamsAreOnByDefaultAndTurnedOffByFlagEnvOrFile() throws IOException {
        assertThat(ServeConfig.resolve(Map.of(), NO_ENV, null).toServeOptions().streams()).isTrue();
        assertThat(ServeConfig.resolve(flags(ServeSetting.STREAMS, "false"), NO_ENV, null).toServeOptions().streams())
                .isFalse();
        assertThat(ServeConfig.resolve(Map.of(), Environment.of(Map.of("NIJA_STREAMS", "no")), null).streams()).isFalse();
        assertThat(ServeConfig.resolve(Map.of(), NO_ENV, file("streams: false\n")).streams()).isFalse();
        assertThat(ServeConfig.resolve(flags(ServeSetting.STREAMS, "true"), Environment.of(Map.of("NIJA_STREAMS", "false")),
                null).streams()).as("flag over env").isTrue();
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ServeConfig.resolve(flags(ServeSetting.STREAMS, "sometimes"), NO_ENV, null));
        assertThat(e.getMessage()).contains("--streams").contains("is not true or false");
    }

    @Test
    void aListInTheFileIsTheSameAsTheRepeatedFlag() throws IOException {
        Path f = file("visibility_window:\n  - 2500ms\n  - kraken=40s\n");
        ServeConfig c = ServeConfig.resolve(Map.of(), NO_ENV, f);
        assertThat(c.visibility().fallback()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.visibility().perVenue()).containsEntry("kraken", Duration.ofSeconds(40));
    }

    @Test
    void everyProblemIsListedAtOnceWithWhereItCameFrom() throws IOException {
        Path venues = dir.resolve("venues.json");
        Files.writeString(venues, "{\"binance\":\"http://127.0.0.1:9100\"}");
        Path f = file("prot: 8080\nvenues_from: " + venues + "\nstatic_books: maybe\n");
        Environment env = Environment.of(Map.of("NIJA_SEED", "forty-two", "NIJA_API_RATE_PER_SECOND", "-1"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ServeConfig.resolve(
                flags(ServeSetting.PORT, "70000", ServeSetting.WITH_SIM, "true", ServeSetting.VISIBILITY_WINDOW, "ftx=3s"),
                env, f));

        assertThat(e.problems()).hasSize(7);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("unknown key 'prot'").contains(f.toString()));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("port: '70000' from --port"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("seed: 'forty-two' from env NIJA_SEED"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("api_rate: '-1' from env NIJA_API_RATE_PER_SECOND"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("static_books: 'maybe' from " + f));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("with_sim: 'true' from --with-sim")
                .contains("venues_from"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("visibility_window: 'ftx=3s' from --visibility-window")
                .contains("unknown venue 'ftx'"));
        assertThat(e.getMessage()).startsWith("7 configuration problems:");
    }

    @Test
    void unknownKeysAndWrongShapesInTheFileAreRefused() throws IOException {
        Path f = file("port: 8080\ndatadir: ./x\nhost: [a, b]\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ServeConfig.resolve(Map.of(), NO_ENV, f));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).contains("unknown key 'datadir'").contains("data_dir");
        assertThat(e.problems().get(1)).contains("host").contains("single value");
    }

    @Test
    void aFileThatIsNotYamlOrMissingIsOneProblem() throws IOException {
        Path broken = file("port: [8080\n");
        assertThatThrownBy(() -> ServeConfig.resolve(Map.of(), NO_ENV, broken)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot be read as YAML");
        assertThatThrownBy(() -> ServeConfig.resolve(Map.of(), NO_ENV, dir.resolve("missing.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.yaml");
    }

    @Test
    void theDocumentedExampleIsValidAndNamesEverySetting() throws IOException {
        Path example = repositoryRoot().resolve("docs/config-example.yaml");
        ServeConfig c = ServeConfig.resolve(Map.of(), NO_ENV, example);
        ServeConfig defaults = ServeConfig.resolve(Map.of(), NO_ENV, null);
        assertThat(c.port()).isEqualTo(defaults.port());
        assertThat(c.apiRateLimit()).isEqualTo(defaults.apiRateLimit());
        String text = Files.readString(example);
        for (ServeSetting s : ServeSetting.values()) {
            assertThat(text).as("the example shows " + s.key()).contains(s.key() + ":").contains(s.env());
        }
    }

    @Test
    void serveExitsWith2AndPrintsEveryProblem() {
        StringWriter err = new StringWriter();
        CommandLine cli = NijaRouterCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("serve", "--port", "http", "--seed", "1.5", "--data-dir", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("2 configuration problems").contains("port: 'http' from --port")
                .contains("seed: '1.5' from --seed");
    }

    /** The environment is read in one place: no System.getenv anywhere else in the main code of any module. */
    @Test
    void onlyEnvironmentReadsTheProcessEnvironment() throws IOException {
        Path root = repositoryRoot();
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(root, 20)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.getFileName().toString().equals("Environment.java"))
                    .filter(p -> read(p).contains("System.getenv"))
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
