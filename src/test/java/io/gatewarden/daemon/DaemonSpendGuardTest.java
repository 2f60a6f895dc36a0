package io.gatewarden.daemon;

import io.gatewarden.act.SpendGuard;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.gateway.Json5Editor;
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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole daemon with the spend guard, nothing mocked: capture 15 of the real gateway (one session every model
 * rejects with the 400 {@code tool_use_id}; each run asks m-a, m-b and m-c) is appended to a watched log; the capture's
 * {@code fakeanth2} is declared paid ({@code lint.paid_providers}). The daemon takes the paid rung out of a real
 * openclaw.json, keeps it out across a restart while the episodes are open, and writes the original back once they
 * resolve — each write confirmed by a {@code config hot reload applied} line as the gateway writes it.
 */
class DaemonSpendGuardTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/openclaw");
    private static final Pattern TIME = Pattern.compile("\"time\":\"[^\"]+\"");
    private static final String FALLBACKS = "agents.defaults.model.fallbacks";

    @TempDir Path dir;

    @Test
    void loopIntoAPaidRung_guardHoldsAcrossARestart_andTheOriginalChainComesBack() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("openclaw-2026-12-06.log");
        Files.createFile(log);
        Path openclawJson = dir.resolve("openclaw.json");
        Files.copy(FIXTURES.resolve("configs/15-session-rejected-every-run-openclaw.json"), openclawJson);
        String original = Files.readString(openclawJson);
        GatewardenConfig cfg = ConfigLoader.parse("""
                state_dir: %s
                gateway:
                  name: lab
                  config_file: %s
                tail:
                  paths: ["%s/openclaw-*.log"]
                  poll_interval: 50ms
                incidents:
                  quiet_period: 3s
                lint:
                  paid_providers: [fakeanth2]
                act:
                  dry_run: false
                  spend_guard: {mode: remove, cooldown: 0s, restore_after: 1s}
                restart:
                  strategy: none
                  health_url: http://127.0.0.1:1
                collect:
                  enabled: false
                """.formatted(dir.resolve("state"), openclawJson, logs), "test.yaml");
        List<String> loop = Files.readAllLines(FIXTURES.resolve("logs/15-session-rejected-every-run.info.jsonl"));

        try (Daemon daemon = DaemonBuilder.build(cfg, Clock.systemUTC(), false)) {
            daemon.start();
            append(log, loop);
            await().atMost(Duration.ofSeconds(20)).until(() -> fallbacks(openclawJson).equals(List.of("fakeanth/m-b")));
            append(log, List.of(reloadApplied()));
            await().atMost(Duration.ofSeconds(10)).until(() -> "active".equals(spend(daemon).status().state()));
            SpendGuard.Status st = spend(daemon).status();
            assertThat(st.chains()).singleElement().satisfies(c -> {
                assertThat(c.original()).containsExactly("fakeanth/m-b", "fakeanth2/m-c");
                assertThat(c.current()).containsExactly("fakeanth/m-b");
            });
            assertThat(st.paidCalls()).singleElement().satisfies(u -> assertThat(u.calls()).isGreaterThanOrEqualTo(3));
        }

        // gatewarden restarts mid-episode: the guard stays while the restored episodes are open, then restores
        try (Daemon again = DaemonBuilder.build(cfg, Clock.systemUTC(), false)) {
            assertThat(spend(again).status().state()).isEqualTo("active");
            again.start();
            append(log, loop.subList(0, 20)); // the loop goes on a little: the episodes stay open
            await().atMost(Duration.ofSeconds(30)).until(() -> fallbacks(openclawJson).equals(List.of("fakeanth/m-b", "fakeanth2/m-c")));
            assertThat(again.incidents().open()).as("restored only once every trigger episode resolved")
                    .noneMatch(i -> i.type().wireName().equals("error_loop") || i.type().wireName().equals("chain_exhausted"));
            assertThat(Files.readString(openclawJson)).isEqualTo(original);
            Instant restoreWritten = again.journal().recent(100).stream()
                    .filter(e -> "spend_restore".equals(e.action()) && "written".equals(e.outcome())).findFirst().orElseThrow().time();
            Instant lastResolved = again.incidents().recent().stream()
                    .filter(i -> i.type().wireName().equals("error_loop") || i.type().wireName().equals("chain_exhausted"))
                    .map(io.gatewarden.incident.Incident::endsAt).filter(java.util.Objects::nonNull).max(Instant::compareTo).orElseThrow();
            assertThat(restoreWritten).as("not before the last trigger episode ended").isAfterOrEqualTo(lastResolved);
            append(log, List.of(reloadApplied()));
            await().atMost(Duration.ofSeconds(10)).until(() -> "idle".equals(spend(again).status().state()));
            assertThat(again.journal().recent(100)).extracting(e -> e.action() + " " + e.outcome())
                    .contains("spend_guard written", "spend_guard confirmed", "spend_restore written", "spend_restore confirmed");
        }
    }

    private static SpendGuard spend(Daemon d) {
        return d.spendGuard().orElseThrow();
    }

    private static List<String> fallbacks(Path openclawJson) throws Exception {
        List<String> out = new ArrayList<>();
        Json5Editor.valueAt(Files.readString(openclawJson), FALLBACKS).forEach(n -> out.add(n.textValue()));
        return out;
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

    /** The shape real OpenClaw 2026.9.6 logged for the spend guard's write in e2e step 7, naming the one path written here. */
    private static String reloadApplied() {
        return "{\"0\":\"{\\\"subsystem\\\":\\\"gateway/reload\\\"}\",\"1\":\"config hot reload applied (agents.defaults.model.fallbacks)\","
                + "\"_meta\":{\"logLevelId\":3,\"logLevelName\":\"INFO\"},\"time\":\"2026-12-06T17:36:40.122+00:00\","
                + "\"message\":\"config hot reload applied (agents.defaults.model.fallbacks)\"}";
    }
}
