package io.gatewarden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `gatewarden replay` through the real entry point, as a user runs it. */
class ReplayCommandTest {
    static final Path LOGS = Path.of("src/test/resources/fixtures/openclaw/logs");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GatewardenMain.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /**
     * A folder holding only the first capture session's files (01–13, the full run, the console text): the numbers
     * below are that session's. Later captures (14 and up, another gateway run each) sit in the same folder.
     */
    static Path firstSession(Path into) throws IOException {
        Path d = Files.createDirectories(into.resolve("first-session"));
        try (var s = Files.list(LOGS)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().matches("(1[4-9]|[2-9]\\d)[a-z]?-.*")).toList()) {
                Files.copy(p, d.resolve(p.getFileName()));
            }
        }
        return d;
    }

    @Test
    void jsonIsOneIncidentPerLineInTheDesignCardsShape() throws IOException {
        Run r = run("replay", "--format", "json", firstSession(dir).toString());
        assertThat(r.exit()).isZero();
        List<String> lines = r.outLines();
        assertThat(lines).hasSize(13); // the session's incidents, once each (see ReplayFixturesTest)
        List<String> types = new ArrayList<>();
        Instant previousStart = Instant.MIN;
        for (String line : lines) {
            JsonNode i = JSON.readTree(line);
            assertThat(i.isObject()).isTrue();
            for (String field : List.of("type", "severity", "labels", "startsAt", "endsAt", "occurrences", "summary", "evidence")) {
                assertThat(i.has(field)).as("%s in %s", field, line).isTrue();
            }
            assertThat(i.get("type").isTextual()).isTrue();
            assertThat(i.get("severity").asText()).isIn("info", "warning", "critical");
            assertThat(i.get("labels").isObject()).isTrue();
            assertThat(i.get("labels").get("gateway").asText()).isEqualTo("openclaw");
            Instant start = Instant.parse(i.get("startsAt").asText()); // ISO-8601, not epoch numbers
            assertThat(start).isAfterOrEqualTo(previousStart); // in the order things happened
            previousStart = start;
            assertThat(i.get("endsAt").isNull() || Instant.parse(i.get("endsAt").asText()).isAfter(start)).isTrue();
            assertThat(i.get("occurrences").isIntegralNumber()).isTrue();
            assertThat(i.get("occurrences").asLong()).isPositive();
            assertThat(i.get("summary").asText()).isNotBlank();
            assertThat(i.get("evidence").isArray()).isTrue();
            assertThat(i.get("evidence").size()).isPositive();
            types.add(i.get("type").asText());
        }
        assertThat(types).contains("provider_rate_limited", "provider_overloaded", "fallback_skipped", "quota_exhausted",
                "chain_exhausted", "context_overflow", "request_rejected", "gateway_restarted", "config_reload_failed");
        JsonNode rl = lines.stream().map(ReplayCommandTest::tree)
                .filter(i -> i.get("type").asText().equals("provider_rate_limited")
                        && i.get("labels").get("provider").asText().equals("fakeoa"))
                .findFirst().orElseThrow();
        assertThat(rl.get("labels").get("model").asText()).isEqualTo("rl-429");
        assertThat(rl.get("occurrences").asLong()).isEqualTo(1);
        assertThat(rl.get("startsAt").asText()).isEqualTo("2026-11-23T12:02:10.651Z");
        assertThat(rl.get("endsAt").asText()).isEqualTo("2026-11-23T12:09:38.480Z"); // last seen + 5 min quiet
        // the rate on stderr, never in the JSON stream
        assertThat(r.err()).contains("replayed 3,074 lines", "from 18 file(s)", "lines/s", "MB/s",
                "366 malformed", "968 lines already read from another file skipped", "13 incident(s)");
    }

    @Test
    void textIsAReadableTimeline() {
        Run r = run("replay", LOGS.resolve("09-rate-limit-profile-cooldown-and-abort.info.jsonl").toString(),
                LOGS.resolve("02-failover-cascade-429-529-unknown-model.info.jsonl").toString());
        assertThat(r.exit()).isZero();
        String out = r.out();
        // openings as they happened in log time, oldest first, each with its summary on the next line
        assertThat(out).contains("2026-11-23T12:02:10.651Z  OPEN      warning  provider_rate_limited  gateway=openclaw model=rl-429 provider=fakeoa")
                .contains("    fakeoa/rl-429 is rate-limited (429): a failed attempt in run ead177c3")
                .contains("RESOLVED  warning  provider_rate_limited  gateway=openclaw model=rl-429 provider=fakeoa  (1 occurrence(s), open 7m27s)")
                .contains("OPEN      warning  provider_rate_limited  gateway=openclaw model=rl-429 provider=fakerl");
        assertThat(out.indexOf("provider=fakeoa")).isLessThan(out.indexOf("provider=fakerl"));
        // then the list
        assertThat(out).contains("4 incident(s)")
                .containsPattern("provider_rate_limited +warning +OPEN +x2 +gateway=openclaw model=rl-429 provider=fakerl");
        assertThat(r.err()).contains("from 2 file(s)").contains("0 malformed");
    }

    @Test
    void configChangesTheDetectors() throws IOException {
        Path log = LOGS.resolve("09-rate-limit-profile-cooldown-and-abort.info.jsonl");
        assertThat(run("replay", "--format", "json", log.toString()).outLines()).hasSize(1);
        Path cfg = Files.writeString(dir.resolve("gatewarden.yaml"), "detect:\n  provider_rate_limited:\n    enabled: false\n");
        Run r = run("replay", "--format", "json", "--config", cfg.toString(), log.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.outLines()).isEmpty();
        assertThat(r.err()).contains("0 incident(s)");
    }

    @Test
    void aMissingPathExitsTwoWithAClearMessage() {
        Path missing = dir.resolve("no-such.log");
        Run r = run("replay", "--format", "json", missing.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().trim()).isEqualTo("gatewarden: no such file or directory: " + missing);
    }

    @Test
    void aFolderWithoutLogsExitsTwo() throws IOException {
        Files.writeString(dir.resolve("notes.md"), "not a log\n");
        Run r = run("replay", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("gatewarden: no log files found");
    }

    @Test
    void aBadConfigExitsTwo() throws IOException {
        Path cfg = Files.writeString(dir.resolve("bad.yaml"), "incidents:\n  quiet_perod: 10s\n");
        Run r = run("replay", "--config", cfg.toString(), LOGS.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("gatewarden: invalid configuration:").contains("quiet_perod");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        Run r = run("replay", "--format", "yaml", LOGS.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--format").contains("yaml");
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
