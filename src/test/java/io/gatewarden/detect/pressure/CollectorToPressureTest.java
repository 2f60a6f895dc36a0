package io.gatewarden.detect.pressure;

import io.gatewarden.collect.CollectSettings;
import io.gatewarden.collect.GatewayStatusCollector;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.probe.RecordingSink;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The wiring the daemon uses: fake openclaw CLI -> collector -> context pressure detector -> sink. */
class CollectorToPressureTest {
    @TempDir
    Path dir;

    @Test
    void sessionsFromTheCliOpenAndResolveContextPressure() throws IOException {
        Path exe = dir.resolve("openclaw");
        Files.copy(Path.of("src/test/resources/collect/openclaw"), exe);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sessions = dir.resolve("sessions.json");
        Files.copy(Path.of("src/test/resources/collect/sessions-json.json"), sessions);
        CollectSettings settings = new CollectSettings(true, List.of(exe.toString()), Duration.ofSeconds(30), Duration.ofSeconds(10),
                null, null, null, Map.of("FAKE_OPENCLAW_SESSIONS", sessions.toString(),
                "FAKE_OPENCLAW_MODELS", Path.of("src/test/resources/fixtures/openclaw/cli-output/models-status-json-during-billing-disable.json").toAbsolutePath().toString()), null);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
        RecordingSink sink = new RecordingSink();
        ContextPressureDetector detector = new ContextPressureDetector(PressureSettings.ContextPressure.defaults());
        GatewayStatusCollector collector = GatewayStatusCollector.create(settings, clock);
        collector.addListener(s -> detector.onStatus(s, sink));

        collector.tick();
        assertThat(sink.signalsOf(IncidentType.CONTEXT_PRESSURE))
                .extracting(s -> s.labels().get("session") + "=" + s.severity())
                .containsExactlyInAnyOrder("lab-s5=" + Severity.CRITICAL, "hb=" + Severity.WARNING); // one identity: the session id

        // lab-s5 was reset (/new): it is gone from the list
        String json = Files.readString(sessions);
        Files.writeString(sessions, json.replace("agent:main:explicit:lab-s5", "agent:main:explicit:lab-s5-new").replace("192000", "1200"),
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        clock.advance(Duration.ofSeconds(30));
        collector.tick();
        assertThat(sink.resolutionsOf(IncidentType.CONTEXT_PRESSURE)).singleElement()
                .satisfies(r -> assertThat(r.labels()).containsEntry("session", "lab-s5"));
    }
}
