package io.nija.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README walked as a newcomer on a fresh clone would: `nija-router serve` as its own process (on a free port, with
 * a fresh data dir, nothing set in the environment), then every command of the README's shell blocks that talks to
 * the service, as written ({@code $ADMIN} read from the data dir's admin-token file, {@code TOKEN=} taken from the
 * answer before it), each answer checked against the shape the README documents beside it (a {@code # -> status
 * {json}} comment, or a {@code # field "value", field} comment on a list), and finally SIGTERM: the log holds no
 * ERROR and no stack trace. Only the host and port are changed ({@code localhost:8080} → the served port).
 */
class ReadmeWalkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern LISTENING = Pattern.compile("listening on \\S+?:(\\d+)(\\s|$)");
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    /** {@code # status "filled", venue, route_reason}: fields of the answer's items, some with their value. */
    private static final Pattern FIELD_LIST = Pattern.compile("^\\w+( \"[^\"]*\")?(, \\w+( \"[^\"]*\")?)*$");

    /** One curl of the README: the request and the comment beside it. */
    record Curl(String method, String url, Map<String, String> headers, String body, String comment) { }

    @Test
    void theReadmesCommandsWorkAsWrittenAndTheServiceStopsCleanly() throws Exception {
        List<List<String>> blocks = commandBlocks(readme());
        assertThat(blocks).as("the README's shell blocks that call the service").hasSizeGreaterThanOrEqualTo(2);

        Path dir = Files.createTempDirectory("nija-readme-walk");
        Path log = Path.of("target", "readme-walk-" + ProcessHandle.current().pid() + ".log");
        Files.deleteIfExists(log);
        ChildProcess serve = ChildProcess.start(List.of("serve", "--port", "0", "--host", "127.0.0.1", "--data-dir",
                dir.toString()), Map.of(), log, line -> LISTENING.matcher(line).find());
        int walked = 0;
        try {
            serve.awaitReady(120);
            int port = serve.lines().stream().map(LISTENING::matcher).filter(Matcher::find)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).findFirst().orElseThrow();
            Map<String, String> vars = new LinkedHashMap<>();
            JsonNode last = null;
            for (List<String> block : blocks) {
                for (String command : block) {
                    if (command.startsWith("ADMIN=$(cat data/admin-token)")) {
                        vars.put("ADMIN", Files.readString(dir.resolve("admin-token")).strip());
                    } else if (command.startsWith("TOKEN=")) {
                        assertThat(last).as("an answer to take TOKEN from").isNotNull();
                        vars.put("TOKEN", last.get("token").asText());
                    } else if (command.startsWith("curl ")) {
                        last = run(parse(command, vars, port));
                        walked++;
                    }
                }
            }
        } finally {
            serve.terminate(90);
        }
        assertThat(walked).as("curl commands walked").isGreaterThanOrEqualTo(7);

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).as("log lines at ERROR").noneMatch(l -> l.contains(" ERROR "));
        assertThat(lines).as("stack traces").noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
        assertThat(lines).as("the stop finished").anyMatch(l -> l.contains("stopped in"));
    }

    /** Sends one README request; checks its answer against the comment beside it; returns the answer's JSON. */
    private static JsonNode run(Curl c) throws Exception {
        String what = c.method() + " " + c.url() + (c.comment().isEmpty() ? "" : "  # " + c.comment());
        if (c.url().endsWith("/api/v1/orders") && FIELD_LIST.matcher(c.comment()).matches()) {
            // The README's order is filled "shortly": ask again until it is (as a reader would), then check the shape.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                JsonNode orders = JSON.readTree(send(c, what, 200));
                try {
                    assertItemsHave(orders, c.comment(), what);
                    return orders;
                } catch (AssertionError notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(200);
                }
            }
        }
        if (c.comment().startsWith("->")) {
            String documented = c.comment().substring(2).strip();
            Matcher status = Pattern.compile("^(\\d{3})\\s+(.*)$").matcher(documented);
            int expected = status.matches() ? Integer.parseInt(status.group(1)) : 0;
            String shape = status.matches() ? status.group(2) : documented;
            JsonNode answer = JSON.readTree(send(c, what, expected));
            assertShape(answer, shape, what);
            return answer;
        }
        String body = send(c, what, 0);
        JsonNode answer = body.isBlank() ? null : JSON.readTree(body);
        if (FIELD_LIST.matcher(c.comment()).matches()) {
            assertItemsHave(answer, c.comment(), what);
        }
        return answer;
    }

    /** The answer's body; its status must be {@code expected}, or any 2xx when 0. */
    private static String send(Curl c, String what, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.url())).timeout(Duration.ofSeconds(30))
                .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(c.body()));
        c.headers().forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (expected == 0) {
            assertThat(r.statusCode()).as(what + " -> " + r.body()).isBetween(200, 299);
        } else {
            assertThat(r.statusCode()).as(what + " -> " + r.body()).isEqualTo(expected);
        }
        return r.body();
    }

    /**
     * The documented answer {@code {"user_id":"alice","token":"nja_..."}} or {@code {"signal_ids":[...],...}}: every
     * top-level field it names is in the answer; a documented string value is the answer's, or its prefix when the
     * README elides the rest with "...".
     */
    private static void assertShape(JsonNode answer, String documented, String what) {
        assertThat(answer).as(what).isNotNull();
        for (Map.Entry<String, String> f : topLevelFields(documented).entrySet()) {
            assertThat(answer.has(f.getKey())).as(what + ": field " + f.getKey() + " in " + answer).isTrue();
            String v = f.getValue();
            if (v.startsWith("\"") && v.endsWith("\"")) {
                String text = v.substring(1, v.length() - 1);
                String actual = answer.get(f.getKey()).asText();
                if (text.endsWith("...")) {
                    assertThat(actual).as(what + ": " + f.getKey()).startsWith(text.substring(0, text.length() - 3));
                } else {
                    assertThat(actual).as(what + ": " + f.getKey()).isEqualTo(text);
                }
            } else if (v.startsWith("[")) {
                assertThat(answer.get(f.getKey()).isArray()).as(what + ": " + f.getKey() + " is a list").isTrue();
            }
        }
    }

    /** {@code status "filled", venue, route_reason}: the answer is a non-empty list whose first item has these. */
    private static void assertItemsHave(JsonNode answer, String fields, String what) {
        assertThat(answer).as(what).isNotNull();
        assertThat(answer.isArray() && !answer.isEmpty()).as(what + ": a non-empty list: " + answer).isTrue();
        JsonNode first = answer.get(0);
        for (String part : fields.split(", ")) {
            String[] nameValue = part.split(" ", 2);
            assertThat(first.hasNonNull(nameValue[0])).as(what + ": field " + nameValue[0] + " in " + first).isTrue();
            if (nameValue.length == 2) {
                assertThat(first.get(nameValue[0]).asText()).as(what + ": " + nameValue[0])
                        .isEqualTo(nameValue[1].replace("\"", ""));
            }
        }
    }

    /** The fields at the top level of a documented object (values kept as written; "..." marks elisions). */
    static Map<String, String> topLevelFields(String documented) {
        Map<String, String> out = new LinkedHashMap<>();
        String s = documented.strip();
        assertThat(s).as("a documented object").startsWith("{");
        int depth = 0;
        int start = 1;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                i = s.indexOf('"', i + 1);
                continue;
            }
            if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                depth--;
            }
            if (depth == 1 && ch == ',' || depth == 0 && ch == '}') {
                String member = s.substring(start, i).strip();
                int colon = member.indexOf("\":");
                if (member.startsWith("\"") && colon > 0) {
                    out.put(member.substring(1, colon), member.substring(colon + 2).strip());
                }
                start = i + 1;
            }
        }
        return out;
    }

    /** A curl line of the README as a request: -X, -H, -d and the URL; the trailing {@code #} comment kept. */
    static Curl parse(String command, Map<String, String> vars, int port) {
        String comment = "";
        int hash = command.indexOf("  #");
        if (hash < 0) {
            hash = command.indexOf(" # ");
        }
        String cmd = command;
        if (hash >= 0) {
            comment = command.substring(hash).strip().substring(1).strip();
            cmd = command.substring(0, hash);
        }
        for (Map.Entry<String, String> v : vars.entrySet()) {
            cmd = cmd.replace("$" + v.getKey(), v.getValue());
        }
        List<String> words = shellWords(cmd);
        String method = null;
        String url = null;
        String body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-s", "-N" -> { }
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String h = words.get(++i);
                    headers.put(h.substring(0, h.indexOf(':')).strip(), h.substring(h.indexOf(':') + 1).strip());
                }
                case "-d" -> body = words.get(++i);
                default -> {
                    assertThat(w).as("an option of curl this walk does not know, in: " + command).doesNotStartWith("-");
                    url = "http://" + w.replace("localhost:8080", "127.0.0.1:" + port);
                }
            }
        }
        assertThat(url).as("the URL of " + command).isNotNull();
        assertThat(cmd).as("a variable the README never set, in " + command).doesNotContain("$");
        if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            headers.put("Content-Type", "application/x-www-form-urlencoded"); // what curl -d sends
        }
        return new Curl(method != null ? method : body != null ? "POST" : "GET", url, headers, body, comment);
    }

    /** Words as the shell splits them: single and double quotes group (no escapes or expansions in the README's). */
    static List<String> shellWords(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean in = false;
        char quote = 0;
        for (char ch : s.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    w.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                in = true;
            } else if (Character.isWhitespace(ch)) {
                if (in) {
                    out.add(w.toString());
                    w.setLength(0);
                    in = false;
                }
            } else {
                w.append(ch);
                in = true;
            }
        }
        if (in) {
            out.add(w.toString());
        }
        return out;
    }

    /** The README's ```sh blocks that call the service, as commands (continuation lines joined). */
    static List<List<String>> commandBlocks(String readme) {
        List<List<String>> blocks = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(readme);
        while (m.find()) {
            if (!m.group(1).contains("curl ")) {
                continue;
            }
            List<String> commands = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : m.group(1).split("\n")) {
                String l = line.strip();
                if (current.isEmpty() && (l.isEmpty() || l.startsWith("#"))) {
                    continue;
                }
                if (l.endsWith("\\")) {
                    current.append(l, 0, l.length() - 1).append(' ');
                    continue;
                }
                current.append(l);
                commands.add(current.toString());
                current.setLength(0);
            }
            // A "# -> ..." line of its own documents the answer of the command before it.
            String[] lines = m.group(1).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.startsWith("# ->")) {
                    int idx = commandEndingBefore(lines, i, commands);
                    if (idx >= 0) {
                        commands.set(idx, commands.get(idx) + "  " + l);
                    }
                }
            }
            blocks.add(commands);
        }
        return blocks;
    }

    /** The index in {@code commands} of the last command before line {@code line} of the block. */
    private static int commandEndingBefore(String[] lines, int line, List<String> commands) {
        int count = 0;
        boolean continued = false;
        for (int i = 0; i < line; i++) {
            String l = lines[i].strip();
            if (!continued && (l.isEmpty() || l.startsWith("#"))) {
                continue;
            }
            continued = l.endsWith("\\");
            if (!continued) {
                count++;
            }
        }
        return count - 1;
    }

    private static String readme() throws java.io.IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return Files.readString(p.resolve("README.md"));
            }
        }
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theWalkReadsTheReadmesNotation() {
        Curl c = parse("curl -s -X POST localhost:8080/api/v1/users -H \"Authorization: Bearer $ADMIN\"      "
                + "-d '{\"user_id\":\"alice\"}'                           # -> {\"user_id\":\"alice\",\"token\":\"nja_...\"}",
                Map.of("ADMIN", "nja_x"), 1234);
        assertThat(c.method()).isEqualTo("POST");
        assertThat(c.url()).isEqualTo("http://127.0.0.1:1234/api/v1/users");
        assertThat(c.headers()).containsEntry("Authorization", "Bearer nja_x");
        assertThat(c.body()).isEqualTo("{\"user_id\":\"alice\"}");
        assertThat(c.comment()).isEqualTo("-> {\"user_id\":\"alice\",\"token\":\"nja_...\"}");
        assertThat(topLevelFields("{\"signal_ids\":[...],\"refused\":[{\"user_id\":...,\"code\":\"user_disabled\"}],...}"))
                .containsOnlyKeys("signal_ids", "refused");
        assertThat(FIELD_LIST.matcher("status \"filled\", venue, route_reason").matches()).isTrue();
        assertThat(FIELD_LIST.matcher("only its SHA-256 is kept").matches()).isFalse();
        assertThat(FIELD_LIST.matcher("or {\"fixed_usd\":\"100\"}").matches()).isFalse();
    }
}
