package io.gatewarden.daemon;

import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole daemon, nothing mocked: a real log file is appended with the real fixture-02 lines (a 429 storm on the
 * primary), the daemon tails it, opens one provider_rate_limited incident, opens the (profile, primary) breaker,
 * rewrites the primary in a real openclaw.json, and — after the gateway's "hot reload applied" line — keeps it.
 * Then it is closed and restarted on the same state dir: the incident survives and no line is read twice.
 */
class DaemonEndToEndTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/openclaw");
    private static final Pattern TIME = Pattern.compile("\"time\":\"[^\"]+\"");

    @TempDir Path dir;

    @Test
    void stormOnThePrimaryOpensOneIncidentSwitchesThePrimaryAndSurvivesARestart() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("openclaw-2026-11-23.log");
        Files.createFile(log);
        Path openclawJson = dir.resolve("openclaw.json");
        Files.copy(FIXTURES.resolve("configs/01-initial-openclaw.json"), openclawJson);
        GatewardenConfig cfg = ConfigLoader.parse("""
                state_dir: %s
                gateway:
                  name: lab
                  config_file: %s
                tail:
                  paths: ["%s/openclaw-*.log"]
                  poll_interval: 50ms
                act:
                  dry_run: false
                restart:
                  strategy: none
                  health_url: http://127.0.0.1:1
                collect:
                  enabled: false
                """.formatted(dir.resolve("state"), openclawJson, logs), "test.yaml");

        List<String> storm = Files.readAllLines(FIXTURES.resolve("logs/02-failover-cascade-429-529-unknown-model.info.jsonl"))
                .subList(0, 30); // the first run's same-model retries on fakeoa/rl-429

        try (Daemon daemon = DaemonBuilder.build(cfg, Clock.systemUTC(), false)) {
            daemon.start();
            append(log, storm);
            await().atMost(Duration.ofSeconds(20)).until(() -> open(daemon, IncidentType.PROVIDER_RATE_LIMITED).size() == 1);
            Incident rl = open(daemon, IncidentType.PROVIDER_RATE_LIMITED).get(0);
            assertThat(rl.labels()).containsEntry("provider", "fakeoa").containsEntry("model", "rl-429").containsEntry("gateway", "lab");
            assertThat(rl.occurrences()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(20)).until(() -> daemon.breakers().isModelOpen("fakeoa/rl-429"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !"fakeoa/rl-429".equals(primaryIn(openclawJson)));
            String newPrimary = primaryIn(openclawJson);
            assertThat(newPrimary).isIn("fakeanth/ovl-529", "anthropic/claude-sonnet-4-5", "fakeoa/ok");
            // the gateway confirms, as OpenClaw does within ~1 s
            append(log, List.of(reloadApplied()));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    daemon.journal().recent(50).stream().anyMatch(e -> "confirmed".equals(e.outcome())));
            assertThat(primaryIn(openclawJson)).isEqualTo(newPrimary);
        }
        long linesBefore = storm.size() + 1;

        // restart on the same state: the open incident is restored, nothing is read twice
        try (Daemon again = DaemonBuilder.build(cfg, Clock.systemUTC(), false)) {
            again.start();
            assertThat(open(again, IncidentType.PROVIDER_RATE_LIMITED)).hasSize(1)
                    .first().extracting(Incident::occurrences).isEqualTo(1L);
            append(log, storm.subList(0, 5));
            await().atMost(Duration.ofSeconds(10)).until(() -> again.pipeline().stats().lines() == 5);
            assertThat(again.pipeline().stats().lines()).isEqualTo(5).isLessThan(linesBefore);
        }
    }

    private static List<Incident> open(Daemon d, IncidentType type) {
        return d.incidents().open().stream().filter(i -> i.type() == type).toList();
    }

    private static String primaryIn(Path openclawJson) throws Exception {
        return Json5Editor.valueAt(Files.readString(openclawJson), "agents.defaults.model.primary").textValue();
    }

    /** Appends lines with their timestamps moved to now, so quiet periods measured on the wall clock hold. */
    private static void append(Path log, List<String> lines) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC));
            sb.append(TIME.matcher(l).replaceFirst("\"time\":\"" + now + "\"")).append('\n');
        }
        Files.writeString(log, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String reloadApplied() {
        return "{\"0\":\"{\\\"subsystem\\\":\\\"gateway/reload\\\"}\",\"1\":\"config hot reload applied (agents.defaults.model.primary)\","
                + "\"_meta\":{\"logLevelId\":3,\"logLevelName\":\"INFO\"},\"time\":\"2026-11-23T12:11:37.436+00:00\","
                + "\"message\":\"config hot reload applied (agents.defaults.model.primary)\"}";
    }
}
