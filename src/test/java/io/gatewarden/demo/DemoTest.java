package io.gatewarden.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.daemon.Daemon;
import io.gatewarden.daemon.DaemonBuilder;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import org.apache.commons.io.output.TeeOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo story, in-process and 4× faster, wired exactly as {@code gatewarden demo} wires it except that the
 * daemon is built here instead of by Quarkus: real files, a real log tailed by the real daemon, a real provider
 * stub probed over HTTP on 127.0.0.1. Every assertion reads an artefact the story leaves behind: the journal, the
 * edited openclaw.json and its backups, the gateway log, the daemon's incidents and what reached the console.
 */
class DemoTest {
    private static final String PRIMARY = "fakeoa/rl-429";
    private static final String PRIMARY_PATH = "agents.defaults.model.primary";

    @TempDir Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theStoryPlaysAndLeavesItsTraces() throws Exception {
        Path dir = tmp.resolve("demo");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // gatewarden's console receiver prints to System.out: capture it, and still show it in the test output
        PrintStream console = new PrintStream(new TeeOutputStream(original, captured), true, StandardCharsets.UTF_8);
        int exit;
        List<Incident> incidents = new ArrayList<>();
        System.setOut(console);
        try (DemoRun run = DemoRun.prepare(new DemoRun.Options(4, 0, false, dir), System.out)) {
            try (Daemon daemon = DaemonBuilder.build(run.config(), Clock.systemUTC(), false)) {
                run.attach(daemon);
                daemon.start();
                exit = run.play();
                incidents.addAll(daemon.incidents().recent());
                incidents.addAll(daemon.incidents().open());
            }
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as("exit code (0 = every step happened)").isZero();

        // the incident opened, on the primary, and resolved when the storm was over
        assertThat(incidents).filteredOn(i -> i.type() == IncidentType.PROVIDER_RATE_LIMITED)
                .singleElement().satisfies(i -> {
                    assertThat(i.labels()).containsEntry("provider", "fakeoa").containsEntry("model", "rl-429");
                    assertThat(i.isOpen()).isFalse();
                });
        assertThat(incidents).anyMatch(i -> i.type() == IncidentType.CHAIN_EXHAUSTED);

        // openclaw.json: back on the primary now; the backups show it held the fallback in between
        Path openclawJson = dir.resolve("gateway/openclaw.json");
        assertThat(primaryIn(openclawJson)).isEqualTo(PRIMARY);
        List<Path> backups;
        try (Stream<Path> s = Files.list(openclawJson.getParent())) {
            backups = s.filter(p -> p.getFileName().toString().startsWith("openclaw.json.gatewarden-bak")).sorted().toList();
        }
        assertThat(backups).hasSize(2);
        assertThat(primaryIn(backups.get(0))).isEqualTo(PRIMARY);
        String fallback = primaryIn(backups.get(1));
        assertThat(fallback).isNotEqualTo(PRIMARY).isEqualTo("fakeanth/ovl-529");

        // the journal: the switch and the fail-back, each written then confirmed by the gateway
        List<JsonNode> journal = journal(dir.resolve("state/actions.jsonl"));
        assertThat(outcomes(journal, "switch_primary")).containsSubsequence("started", "written", "confirmed");
        assertThat(outcomes(journal, "fail_back")).containsSubsequence("started", "written", "confirmed");
        JsonNode switchWritten = find(journal, "switch_primary", "written");
        assertThat(switchWritten.at("/changes/0/path").asText()).isEqualTo(PRIMARY_PATH);
        assertThat(switchWritten.at("/changes/0/before").asText()).isEqualTo(PRIMARY);
        assertThat(switchWritten.at("/changes/0/after").asText()).isEqualTo(fallback);
        JsonNode failBack = find(journal, "fail_back", "confirmed");
        assertThat(failBack.at("/changes/0/after").asText()).isEqualTo(PRIMARY);

        // the gateway log: the simulator applied both edits, as OpenClaw logs them
        List<String> log;
        try (Stream<Path> s = Files.list(dir.resolve("gateway/logs"))) {
            log = Files.readAllLines(s.findFirst().orElseThrow());
        }
        assertThat(log).filteredOn(l -> l.contains("\"config hot reload applied (agents.defaults.model.primary)\"")).hasSize(2);
        assertThat(log).anyMatch(l -> l.contains("transient same-model retry 3/9 for fakeoa/rl-429"))
                .anyMatch(l -> l.contains("\"fallbackStepFinalOutcome\":\"chain_exhausted\""));

        // the console: the alert, the story, the summary
        assertThat(out).containsPattern("\\[alert\\] FIRING warning provider_rate_limited provider=fakeoa: .*fakeoa/rl-429 is rate-limited")
                .containsPattern("\\[alert\\] FIRING critical chain_exhausted")
                .containsPattern("\\[alert\\] RESOLVED warning provider_rate_limited")
                .contains("[gatewarden] BREAKER fakeoa/rl-429 [fakeoa:default] closed → OPEN")
                .contains("[gatewarden] SWITCH PRIMARY fakeoa/rl-429 → fakeanth/ovl-529 CONFIRMED")
                .contains("[gatewarden] FAIL BACK fakeanth/ovl-529 → fakeoa/rl-429 CONFIRMED")
                .contains("[gateway]    INFO  config hot reload applied (agents.defaults.model.primary)")
                .doesNotContain("[ ]");
        // the breaker opened before the switch was written, and the console says so in that order
        assertThat(out.indexOf("closed → OPEN")).isLessThan(out.indexOf("SWITCH PRIMARY fakeoa/rl-429 → fakeanth/ovl-529: edited"));
    }

    private static String primaryIn(Path file) throws Exception {
        return Json5Editor.valueAt(Files.readString(file), PRIMARY_PATH).asText();
    }

    private static List<JsonNode> journal(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) if (!line.isBlank()) out.add(json.readTree(line));
        return out;
    }

    private static List<String> outcomes(List<JsonNode> journal, String action) {
        return journal.stream().filter(e -> action.equals(e.path("action").asText()))
                .filter(e -> !"declined".equals(e.path("decision").asText()))
                .map(e -> e.path("outcome").asText()).toList();
    }

    private static JsonNode find(List<JsonNode> journal, String action, String outcome) {
        return journal.stream().filter(e -> action.equals(e.path("action").asText()) && outcome.equals(e.path("outcome").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + action + " " + outcome + " in the journal"));
    }
}
