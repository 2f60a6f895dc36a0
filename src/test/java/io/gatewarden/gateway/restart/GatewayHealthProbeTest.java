package io.gatewarden.gateway.restart;

import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Health probing against the real fake gateway: consecutive failures make "down", a hang is bounded. */
class GatewayHealthProbeTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));

    private RestartSettings settings(FakeGatewayProcess gw, int failuresBeforeDown) {
        return new RestartSettings("none", null, null, null, null, null, null, null, null, gw.baseUrl(),
                Duration.ofMillis(500), failuresBeforeDown, null, null, null, null, null, null);
    }

    @Test
    void downOnlyAfterNConsecutiveFailuresAndUpAgainResolves() throws Exception {
        try (FakeGatewayProcess gw = FakeGatewayProcess.builder(dir).start()) {
            gw.awaitStarted();
            RecordingSink sink = new RecordingSink();
            RecordingGuard guard = new RecordingGuard();
            RestartSettings s = settings(gw, 3);
            try (GatewayRestarter r = new GatewayRestarter("oc", s, null, new GatewayHealthProbe(s.healthUrl(), s.probeTimeout()),
                    null, new RestartBudget(null, s.budget(), clock), guard, sink, clock)) {
                assertThat(r.tick().up()).isTrue();
                gw.post("/__health", "{\"mode\":\"fail\"}");
                assertThat(r.tick().down()).isFalse();
                gw.post("/__health", "{\"mode\":\"ok\"}");
                assertThat(r.tick().up()).isTrue(); // a success in between starts the count again
                gw.post("/__health", "{\"mode\":\"fail\"}");
                HealthState first = r.tick();
                HealthState second = r.tick();
                assertThat(first.consecutiveFailures()).isEqualTo(1);
                assertThat(second.down()).isFalse();
                assertThat(sink.of(IncidentType.GATEWAY_DOWN)).isEmpty();
                HealthState third = r.tick();
                assertThat(third.down()).isTrue();
                assertThat(third.detail()).contains("HTTP 503");
                assertThat(sink.of(IncidentType.GATEWAY_DOWN)).singleElement()
                        .satisfies(sig -> assertThat(sig.severity()).isEqualTo(Severity.CRITICAL));
                // strategy "none": the decision is journalled, nothing is restarted
                assertThat(third.decision().outcome()).isEqualTo(RestartDecision.Outcome.DECLINED_DISABLED);
                assertThat(r.status().down()).isTrue();

                gw.post("/__health", "{\"mode\":\"ok\"}");
                assertThat(r.tick().up()).isTrue();
                assertThat(sink.resolvedCount(IncidentType.GATEWAY_DOWN)).isEqualTo(1);
                assertThat(r.status().down()).isFalse();
            }
        }
    }

    @Test
    void aHangingEndpointHonoursTheTimeout() throws Exception {
        try (FakeGatewayProcess gw = FakeGatewayProcess.builder(dir).start()) {
            gw.awaitStarted();
            gw.post("/__health", "{\"mode\":\"hang\"}");
            GatewayHealthProbe probe = new GatewayHealthProbe(gw.baseUrl(), Duration.ofMillis(300));
            long t0 = System.nanoTime();
            GatewayHealthProbe.Result r = probe.healthz();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(r.ok()).isFalse();
            assertThat(r.detail()).contains("no answer within 300 ms");
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3)); // generous: the build machine is shared

            t0 = System.nanoTime();
            GatewayHealthProbe.Result started = probe.awaitStarted(Duration.ofMillis(800), Duration.ZERO, Duration.ofMillis(50));
            assertThat(started.ok()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aClosedPortIsAFailedProbeNotAnError() {
        GatewayHealthProbe probe = new GatewayHealthProbe("http://127.0.0.1:9", Duration.ofMillis(500));
        GatewayHealthProbe.Result r = probe.healthz();
        assertThat(r.ok()).isFalse();
        assertThat(r.status()).isZero();
        assertThat(r.detail()).containsIgnoringCase("connect");
    }
}
