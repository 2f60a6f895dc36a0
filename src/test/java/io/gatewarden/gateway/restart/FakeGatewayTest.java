package io.gatewarden.gateway.restart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fake gateway behaves like the captures in fixtures/openclaw: health endpoints, reloads, signals, crashes. */
class FakeGatewayTest {
    private static final Path FIXTURE_CONFIG = Path.of("src/test/resources/fixtures/openclaw/configs/01-initial-openclaw.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void servesHealthAndLogsHotReloadOfAnEditedPrimary() throws Exception {
        Path config = dir.resolve("openclaw.json");
        Files.copy(FIXTURE_CONFIG, config);
        try (FakeGatewayProcess gw = FakeGatewayProcess.builder(dir).config(config).start()) {
            gw.awaitStarted();
            assertThat(gw.get("/healthz").body()).isEqualTo("{\"ok\":true,\"status\":\"live\"}");
            assertThat(gw.logContains("gateway ready")).isTrue();

            Files.writeString(config, Files.readString(config).replace("\"fakeoa/rl-429\"", "\"fakeoa/ok\""));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> gw.logContains("config hot reload applied (agents.defaults.model.primary)"));
            assertThat(gw.logContains("config change detected; evaluating reload (agents.defaults.model.primary)")).isTrue();

            Files.writeString(config, "{\"agents\": {");
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.logContains("config reload skipped (invalid config): "));
        }
    }

    @Test
    void linesHaveTheTslogShapeOfTheRealGateway() throws Exception {
        try (FakeGatewayProcess gw = FakeGatewayProcess.builder(dir).start()) {
            gw.awaitStarted();
            gw.emit("rate_limit_storm fakeoa rl-429 retries=2 next=fakeanth/ok");
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.logContains("model_fallback_decision"));
            List<String> lines = gw.logLines();
            for (String line : lines) {
                JsonNode n = JSON.readTree(line);
                assertThat(n.has("0") && n.has("_meta") && n.has("time") && n.has("hostname") && n.has("message"))
                        .as(line).isTrue();
                assertThat(n.get("_meta").get("logLevelId").asInt()).isBetween(1, 6);
                assertThat(n.get("_meta").get("date").asText()).endsWith("Z");
            }
            JsonNode ready = lines.stream().map(FakeGatewayTest::tree)
                    .filter(n -> "gateway ready".equals(n.path("1").asText())).findFirst().orElseThrow();
            assertThat(ready.get("0").asText()).isEqualTo("{\"subsystem\":\"gateway\"}");
            assertThat(gw.countLogLines("transient same-model retry")).isEqualTo(2);
            JsonNode decision = lines.stream().map(FakeGatewayTest::tree)
                    .filter(n -> "model_fallback_decision".equals(n.path("1").path("event").asText())).findFirst().orElseThrow();
            assertThat(decision.get("1").get("candidateModel").asText()).isEqualTo("rl-429");
            assertThat(decision.get("1").get("nextCandidateProvider").asText()).isEqualTo("fakeanth");
            assertThat(decision.get("2").asText()).isEqualTo("model fallback decision");
        }
    }

    @Test
    void sigusr2RestartsInProcessAndSigtermStopsCleanly() throws Exception {
        try (FakeGatewayProcess gw = FakeGatewayProcess.builder(dir).processTitle("openclaw-gateway").start()) {
            gw.awaitStarted();
            long pid = gw.pid();
            assertThat(Files.readString(gw.pidfile()).trim()).isEqualTo(Long.toString(pid));
            new ProcessBuilder("kill", "-USR2", Long.toString(pid)).start().waitFor();
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.countLogLines("gateway ready") == 2);
            assertThat(gw.logContains("received SIGUSR2; restarting")).isTrue();
            assertThat(gw.process().isAlive()).isTrue();
            assertThat(gw.pid()).isEqualTo(pid);

            gw.process().destroy(); // SIGTERM
            assertThat(gw.process().waitFor()).isZero();
            assertThat(gw.logContains("received SIGTERM; shutting down")).isTrue();
            assertThat(gw.logContains("shutdown completed cleanly in ")).isTrue();
            assertThat(gw.pidfile()).doesNotExist();
        }
    }

    @Test
    void diesAfterTheGivenTimeWithOpenClawsCrashLines() throws Exception {
        try (FakeGatewayProcess gw = FakeGatewayProcess.builder(dir).dieAfter(0.5, true).start()) {
            assertThat(gw.process().waitFor()).isEqualTo(1);
            assertThat(gw.logContains("\"0\":\"[openclaw] OpenClaw hit an unexpected runtime error.\"")).isTrue();
            assertThat(gw.pidfile()).exists(); // a crash leaves a stale pidfile, as a real crash would
        }
    }

    private static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
