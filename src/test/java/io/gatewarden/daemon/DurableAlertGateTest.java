package io.gatewarden.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert pipeline hears an incident change only once the daemon state holding it is saved, so a kill -9 can
 * never leave an announced incident that the restarted daemon does not know (found by the kill -9 fault suite).
 */
class DurableAlertGateTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/openclaw");
    private static final Pattern TIME = Pattern.compile("\"time\":\"[^\"]+\"");

    @TempDir Path dir;

    @Test
    void changesAreHeldUntilReleasedAndKeepTheirOrder() {
        List<String> heard = new ArrayList<>();
        DurableAlertGate gate = new DurableAlertGate(new IncidentListener() {
            @Override public void opened(Incident i) { heard.add("opened " + i.id()); }
            @Override public void updated(Incident i) { heard.add("updated " + i.id()); }
            @Override public void resolved(Incident i) { heard.add("resolved " + i.id()); }
        });
        Incident a = incident("a");
        Incident b = incident("b");
        gate.opened(a);
        gate.updated(a);
        var first = gate.take();
        gate.resolved(a); // after take: belongs to the next save
        gate.opened(b);
        assertThat(heard).isEmpty();
        gate.release(first);
        assertThat(heard).containsExactly("opened a", "updated a");
        assertThat(gate.hasHeld()).isTrue();
        gate.release(gate.take());
        assertThat(heard).containsExactly("opened a", "updated a", "resolved a", "opened b");
        assertThat(gate.hasHeld()).isFalse();
    }

    @Test
    void whenTheWebhookHearsOfAnIncidentTheStateFileAlreadyHoldsIt() throws Exception {
        Path state = dir.resolve("state");
        Path stateFile = state.resolve("daemon-state.json");
        List<String> problems = new CopyOnWriteArrayList<>();
        List<String> announced = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            // read the daemon's saved state at the moment the notification arrives
            String saved = Files.exists(stateFile) ? Files.readString(stateFile) : "";
            for (JsonNode id : json.readTree(body).path("changes").path("newFiring")) {
                announced.add(id.asText());
                if (!saved.contains("\"" + id.asText() + "\"")) problems.add(id.asText() + " announced before it was saved");
            }
            ex.sendResponseHeaders(200, 2);
            try (OutputStream os = ex.getResponseBody()) {
                os.write("ok".getBytes(StandardCharsets.UTF_8));
            }
        });
        hook.start();
        try {
            Path logs = Files.createDirectories(dir.resolve("logs"));
            Path log = Files.createFile(logs.resolve("openclaw-2026-11-23.log"));
            Path openclawJson = dir.resolve("openclaw.json");
            Files.copy(FIXTURES.resolve("configs/01-initial-openclaw.json"), openclawJson);
            GatewardenConfig cfg = ConfigLoader.parse("""
                    state_dir: %s
                    gateway: {name: lab, config_file: %s}
                    tail: {paths: ["%s/openclaw-*.log"], poll_interval: 20ms}
                    restart: {strategy: none, health_url: "http://127.0.0.1:1"}
                    probe: {enabled: false}
                    collect: {enabled: false}
                    alert:
                      receivers:
                        - {name: hook, type: webhook, url: "http://127.0.0.1:%d/hook", rate_limit: {burst: 0}}
                      route: {receiver: hook, group_by: ['...'], group_wait: 0s}
                      tick_interval: 50ms
                    """.formatted(state, openclawJson, logs, hook.getAddress().getPort()), "test.yaml");
            List<String> storm = Files.readAllLines(FIXTURES.resolve("logs/02-failover-cascade-429-529-unknown-model.info.jsonl")).subList(7, 10);
            try (Daemon daemon = DaemonBuilder.build(cfg, Clock.systemUTC(), false)) {
                daemon.start();
                StringBuilder sb = new StringBuilder();
                String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC));
                for (String l : storm) sb.append(TIME.matcher(l).replaceFirst("\"time\":\"" + now + "\"")).append('\n');
                Files.writeString(log, sb.toString(), StandardOpenOption.APPEND);
                await().atMost(Duration.ofSeconds(20)).until(() -> !announced.isEmpty());
            }
            assertThat(problems).isEmpty();
        } finally {
            hook.stop(0);
        }
    }

    private static Incident incident(String id) {
        Instant at = Instant.parse("2026-11-23T12:00:00Z");
        return new Incident(id, IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, Labels.of("provider", "p"), at, at, null, 1,
                "s", List.of());
    }
}
