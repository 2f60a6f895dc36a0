package io.gatewarden.detect.pressure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.collect.GatewayStatus;
import io.gatewarden.collect.SessionUsage;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.probe.RecordingSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContextPressureDetectorTest {
    static final Path OVERFLOW_LOG = Path.of("src/test/resources/fixtures/openclaw/logs/07-context-overflow.debug.jsonl");
    final RecordingSink sink = new RecordingSink();
    final ContextPressureDetector detector = new ContextPressureDetector(PressureSettings.ContextPressure.defaults());
    Instant t = Instant.parse("2026-11-23T12:00:00Z");

    GatewayStatus status(SessionUsage... sessions) {
        t = t.plusSeconds(60);
        return new GatewayStatus(t, GatewayStatus.State.OK, true, List.of(), true, List.of(sessions), List.of());
    }

    static SessionUsage session(String key, long total, long window) {
        return new SessionUsage(key, key.substring(key.lastIndexOf(':') + 1), null, "anthropic", "claude-sonnet-4-5",
                total, window, true, null);
    }

    @Test
    void warningAt85CriticalAt95() {
        detector.onStatus(status(session("agent:main:explicit:a", 168_000, 200_000)), sink); // 84 %
        assertThat(sink.signals).isEmpty();

        detector.onStatus(status(session("agent:main:explicit:a", 172_000, 200_000)), sink); // 86 %
        assertThat(sink.signals).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(IncidentType.CONTEXT_PRESSURE);
            assertThat(s.severity()).isEqualTo(Severity.WARNING);
            assertThat(s.labels()).isEqualTo(Map.of("session", "a", "agent", "main"));
            assertThat(s.summary()).contains("86 %").contains("172000 of 200000").contains("anthropic/claude-sonnet-4-5");
        });

        detector.onStatus(status(session("agent:main:explicit:a", 192_000, 200_000)), sink); // 96 %
        assertThat(sink.signals).hasSize(2);
        Signal critical = sink.signals.get(1);
        assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
        // one episode per session: same labels, same occurrence key
        assertThat(critical.labels()).isEqualTo(sink.signals.get(0).labels());
        assertThat(critical.occurrenceKey()).isEqualTo(sink.signals.get(0).occurrenceKey());
    }

    @Test
    void hysteresisKeepsItOpenUntilClearlyBelow() {
        detector.onStatus(status(session("agent:main:explicit:a", 174_000, 200_000)), sink); // 87 %
        detector.onStatus(status(session("agent:main:explicit:a", 164_000, 200_000)), sink); // 82 %: in the band
        assertThat(sink.resolutions).isEmpty();
        assertThat(sink.signals).hasSize(2).allMatch(s -> s.severity() == Severity.WARNING);

        detector.onStatus(status(session("agent:main:explicit:a", 158_000, 200_000)), sink); // 79 %
        assertThat(sink.resolutionsOf(IncidentType.CONTEXT_PRESSURE)).singleElement()
                .satisfies(r -> assertThat(r.why()).contains("79 %"));
        assertThat(detector.trackedSessions()).isZero();

        detector.onStatus(status(session("agent:main:explicit:a", 164_000, 200_000)), sink); // 82 % again: not reopened
        assertThat(sink.signals).hasSize(2);
    }

    @Test
    void sessionThatDisappearsIsResolvedButAFailedRunSaysNothing() {
        detector.onStatus(status(session("agent:main:explicit:a", 190_000, 200_000), session("agent:main:explicit:b", 10, 200_000)), sink);
        assertThat(sink.signals).hasSize(1);

        t = t.plusSeconds(60);
        detector.onStatus(new GatewayStatus(t, GatewayStatus.State.PARTIAL, true, List.of(), false, List.of(), List.of("sessions timed out")), sink);
        assertThat(sink.resolutions).isEmpty();

        detector.onStatus(status(session("agent:main:explicit:b", 10, 200_000)), sink);
        assertThat(sink.resolutionsOf(IncidentType.CONTEXT_PRESSURE)).singleElement()
                .satisfies(r -> {
                    assertThat(r.labels()).containsEntry("session", "a");
                    assertThat(r.why()).contains("no longer listed");
                });
    }

    @Test
    void staleTotalsAreIgnoredByDefault() {
        SessionUsage stale = new SessionUsage("agent:main:explicit:s", "s", "main", "fakeoa", "ok", 127_000L, 128_000L, false, null);
        detector.onStatus(status(stale), sink);
        assertThat(sink.signals).isEmpty();
        ContextPressureDetector lax = new ContextPressureDetector(new PressureSettings.ContextPressure(null, null, null, null, null, null, false));
        lax.onStatus(status(stale), sink);
        assertThat(sink.signals).hasSize(1);
    }

    @Test
    void readsTheRealPreflightCompactionLine() throws IOException {
        String line = Files.readAllLines(OVERFLOW_LOG).stream().filter(l -> l.contains("preflightCompaction check")).findFirst().orElseThrow();
        String message = new ObjectMapper().readTree(line).path("message").asText();

        detector.onEvent(usageEvent(message, line), sink); // tokenCount=3 of 128000
        assertThat(sink.signals).isEmpty();

        String full = line.replace("tokenCount=3 ", "tokenCount=122000 ");
        detector.onEvent(usageEvent(message.replace("tokenCount=3 ", "tokenCount=122000 "), full), sink);
        assertThat(sink.signals).singleElement().satisfies(s -> {
            assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(s.labels()).containsEntry("session", "lab-s5").containsEntry("agent", "main");
            assertThat(s.summary()).contains("95 %").contains("122000 of 128000");
        });
    }

    @Test
    void attrsFromTheParserWin() {
        GatewayEvent e = new GatewayEvent(EventType.CONTEXT_USAGE, t, 2, "agent/embedded", null, "agent:ops:main", "ops",
                null, null, null, null, 0, "preflight", Map.of("tokenCount", "90000", "contextWindow", "100000"), null);
        detector.onEvent(e, sink);
        assertThat(sink.signals).singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("agent", "ops"));
    }

    @Test
    void logOnlySessionsExpire() {
        detector.onEvent(new GatewayEvent(EventType.CONTEXT_USAGE, t, 2, null, null, "agent:main:x", null, null, null, null,
                null, 0, null, Map.of("tokenCount", "95000", "contextWindow", "100000"), null), sink);
        detector.onTick(t.plus(Duration.ofMinutes(29)), sink);
        assertThat(sink.resolutions).isEmpty();
        detector.onTick(t.plus(Duration.ofMinutes(31)), sink);
        assertThat(sink.resolutionsOf(IncidentType.CONTEXT_PRESSURE)).hasSize(1);
        assertThat(detector.trackedSessions()).isZero();
    }

    @Test
    void memoryIsBoundedAndEvictedIncidentsAreResolved() {
        ContextPressureDetector small = new ContextPressureDetector(new PressureSettings.ContextPressure(null, null, null, null, 3, null, null));
        List<SessionUsage> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) many.add(session("agent:main:explicit:s" + i, 99_000, 100_000));
        small.onStatus(status(many.toArray(SessionUsage[]::new)), sink);
        assertThat(small.trackedSessions()).isEqualTo(3);
        assertThat(sink.signals).hasSize(50);
        assertThat(sink.resolutions).hasSize(47).allMatch(r -> r.why().contains("no longer tracked"));
    }

    private GatewayEvent usageEvent(String message, String rawLine) {
        t = t.plusSeconds(1);
        // what a parser that extracts nothing but the type would hand over: the message and the truncated raw line
        return new GatewayEvent(EventType.CONTEXT_USAGE, t, 2, null, null, null, null, null, null, null, null, 0,
                message, Map.of(), rawLine.length() > 400 ? rawLine.substring(0, 400) : rawLine);
    }

    /** One session, one identity: the collector names it by key, the log by key or id — one incident, labelled by the id. */
    @Test
    void theCollectorsKeyAndTheLogsLinesAreOneSession() throws Exception {
        io.gatewarden.parse.LineParser parser = io.gatewarden.pipeline.Pipelines.parser(io.gatewarden.parse.ParseSettings.defaults());
        String preflight = java.nio.file.Files.readAllLines(Path.of(
                        "src/test/resources/fixtures/openclaw/logs/02-failover-cascade-429-529-unknown-model.debug.jsonl")).stream()
                .filter(l -> l.contains("preflightCompaction check:")).findFirst().orElseThrow();
        // an explicit session: key agent:main:explicit:lab-s1, id lab-s1
        detector.onStatus(status(new SessionUsage("agent:main:explicit:lab-s1", "lab-s1", "main", "fakeoa", "ok",
                126_407L, 131_072L, true, null)), sink);
        detector.onEvent(parser.parse(preflight.replace("tokenCount=1 ", "tokenCount=126500 ")
                .replace("contextWindow=200000", "contextWindow=131072")), sink);
        // the agent's main session: key agent:main:main, id a UUID the collector knows
        detector.onStatus(status(new SessionUsage("agent:main:main", "5b0c1d2e-0000-4000-8000-000000000001", "main", "fakeoa",
                "ok", 125_000L, 131_072L, true, null)), sink);
        detector.onEvent(parser.parse(preflight.replace("agent:main:explicit:lab-s1", "agent:main:main")
                .replace("tokenCount=1 ", "tokenCount=125100 ").replace("contextWindow=200000", "contextWindow=131072")), sink);
        assertThat(sink.signals).extracting(s -> s.labels().get("session")).containsOnly("lab-s1",
                "5b0c1d2e-0000-4000-8000-000000000001");
        assertThat(detector.trackedSessions()).isEqualTo(2);
    }
}
