package io.nija.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/Dockerfile: JDK build stage with the wrapper, JRE run stage as non-root, the service's port, java -jar. */
class DockerfileTest {
    record Instruction(String keyword, String args) { }

    @Test
    void buildsWithTheWrapperOnATemurin21JdkAndRunsOnATemurin21Jre() {
        List<List<Instruction>> stages = stages();
        assertThat(stages).as("stages").hasSizeGreaterThanOrEqualTo(2);
        String buildImage = stages.get(0).get(0).args();
        assertThat(buildImage).startsWith("eclipse-temurin:21-jdk");
        assertThat(stages.get(0)).anyMatch(i -> i.keyword().equals("RUN") && i.args().contains("mvnw"));
        List<Instruction> run = stages.get(stages.size() - 1);
        assertThat(run.get(0).args()).startsWith("eclipse-temurin:21-jre");
    }

    @Test
    void exposesThePortTheServiceListensOn() {
        List<Instruction> run = runStage();
        List<String> exposed = new ArrayList<>();
        run.stream().filter(i -> i.keyword().equals("EXPOSE"))
                .forEach(i -> exposed.addAll(List.of(i.args().split("\\s+"))));
        assertThat(exposed).contains(String.valueOf(DeployFiles.defaultPort()));
    }

    @Test
    void runsAsTheNonRootUserTheDeploymentExpects() {
        List<Instruction> run = runStage();
        List<Instruction> users = run.stream().filter(i -> i.keyword().equals("USER")).toList();
        assertThat(users).as("USER in the run stage").isNotEmpty();
        String user = users.get(users.size() - 1).args().split(":")[0].trim();
        assertThat(user).as("numeric uid, so runAsNonRoot can verify it").matches("\\d+");
        assertThat(Integer.parseInt(user)).as("uid").isNotZero();
        int lastUser = run.lastIndexOf(users.get(users.size() - 1));
        assertThat(run.subList(lastUser, run.size())).as("nothing runs as root after USER")
                .noneMatch(i -> i.keyword().equals("USER") && i.args().startsWith("root"));

        JsonNode pod = DeployFiles.one("Deployment").path("spec").path("template").path("spec");
        assertThat(pod.path("securityContext").path("runAsUser").asText()).isEqualTo(user);
    }

    @Test
    void entrypointRunsTheShadedJarCopiedFromTheBuildStage() {
        List<Instruction> run = runStage();
        Instruction entrypoint = run.stream().filter(i -> i.keyword().equals("ENTRYPOINT")).reduce((a, b) -> b).orElseThrow();
        assertThat(entrypoint.args().replaceAll("\\s+", "")).isEqualTo("[\"java\",\"-jar\",\"/app/nija-router.jar\"]");
        assertThat(run).anyMatch(i -> i.keyword().equals("COPY") && i.args().contains("--from=")
                && i.args().trim().endsWith("/app/nija-router.jar"));

        // The jar the build stage copies out is the one maven-shade writes (server/pom.xml <finalName>).
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>")
                .matcher(DeployFiles.read(DeployFiles.root().resolve("server/pom.xml")));
        assertThat(finalName.find()).isTrue();
        String jar = "server/target/" + finalName.group(1) + ".jar";
        assertThat(stages().get(0)).anyMatch(i -> i.args().contains(jar));
    }

    private static List<Instruction> runStage() {
        List<List<Instruction>> stages = stages();
        return stages.get(stages.size() - 1);
    }

    /** The Dockerfile's instructions grouped by stage; comments dropped, continuation lines joined. */
    private static List<List<Instruction>> stages() {
        String text = DeployFiles.read(DeployFiles.deploy().resolve("Dockerfile"));
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("#")) {
                continue;
            }
            if (l.endsWith("\\")) {
                current.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            current.append(l);
            if (!current.toString().isBlank()) {
                logical.add(current.toString().strip());
            }
            current.setLength(0);
        }
        List<List<Instruction>> stages = new ArrayList<>();
        for (String l : logical) {
            String[] parts = l.split("\\s+", 2);
            Instruction i = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            if (i.keyword().equals("FROM")) {
                stages.add(new ArrayList<>());
            }
            assertThat(stages).as("instruction before the first FROM: " + l).isNotEmpty();
            stages.get(stages.size() - 1).add(i);
        }
        return stages;
    }
}
