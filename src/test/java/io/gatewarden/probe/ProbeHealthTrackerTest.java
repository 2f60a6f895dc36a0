package io.gatewarden.probe;

import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeHealthTrackerTest {
    final RecordingSink sink = new RecordingSink();
    final ProbeHealthTracker tracker = new ProbeHealthTracker(sink, 3, 2, 1);
    Instant t = Instant.parse("2026-11-23T12:00:00Z");

    ProbeResult result(String target, ProviderKind kind, FailureKind failure) {
        t = t.plusSeconds(60);
        return new ProbeResult(target, kind, "anthropic", "anthropic:default", "fp:12345678",
                URI.create("http://127.0.0.1:1/v1/models"), t, Duration.ofMillis(40),
                failure == FailureKind.NONE ? 200 : failure == FailureKind.SERVER_ERROR ? 503 : 0, failure, "d", RateLimits.NONE);
    }

    @Test
    void providerUnhealthyAfterNConsecutiveFailuresAndResolvedOnRecovery() {
        tracker.onProbeResult(result("anthropic", ProviderKind.ANTHROPIC, FailureKind.TIMEOUT));
        tracker.onProbeResult(result("anthropic", ProviderKind.ANTHROPIC, FailureKind.TIMEOUT));
        tracker.onProbeResult(result("anthropic", ProviderKind.ANTHROPIC, FailureKind.NONE)); // streak broken
        tracker.onProbeResult(result("anthropic", ProviderKind.ANTHROPIC, FailureKind.TIMEOUT));
        tracker.onProbeResult(result("anthropic", ProviderKind.ANTHROPIC, FailureKind.SERVER_ERROR));
        assertThat(sink.signals).isEmpty();

        tracker.onProbeResult(result("anthropic", ProviderKind.ANTHROPIC, FailureKind.TIMEOUT));
        tracker.onProbeResult(result("anthropic", ProviderKind.ANTHROPIC, FailureKind.TIMEOUT));
        assertThat(sink.signalsOf(IncidentType.PROVIDER_UNHEALTHY)).hasSize(2)
                .allSatisfy(s -> {
                    assertThat(s.severity()).isEqualTo(Severity.WARNING);
                    assertThat(s.labels()).containsEntry("provider", "anthropic").containsEntry("profile", "anthropic:default");
                    assertThat(s.summary()).contains("does not answer (timeout)").contains("fp:12345678");
                });
        assertThat(tracker.isUnhealthy("anthropic")).isTrue();

        tracker.onProbeResult(result("anthropic", ProviderKind.ANTHROPIC, FailureKind.NONE));
        assertThat(sink.resolutionsOf(IncidentType.PROVIDER_UNHEALTHY)).hasSize(1);
        assertThat(sink.resolutions.get(0).labels()).isEqualTo(sink.signals.get(0).labels());
        assertThat(tracker.isUnhealthy("anthropic")).isFalse();
        tracker.onProbeResult(result("anthropic", ProviderKind.ANTHROPIC, FailureKind.NONE));
        assertThat(sink.resolutions).hasSize(1);
    }

    @Test
    void gatewayDownIsCriticalAfterItsOwnThreshold() {
        tracker.onProbeResult(result("gateway", ProviderKind.GATEWAY, FailureKind.CONNECTION_REFUSED));
        assertThat(sink.signals).isEmpty();
        tracker.onProbeResult(result("gateway", ProviderKind.GATEWAY, FailureKind.CONNECTION_REFUSED));
        assertThat(sink.signalsOf(IncidentType.GATEWAY_DOWN)).singleElement()
                .satisfies(s -> {
                    assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(s.labels()).containsEntry("component", "gateway");
                    assertThat(s.summary()).contains("refuses connections");
                });
        tracker.onProbeResult(result("gateway", ProviderKind.GATEWAY, FailureKind.NONE));
        assertThat(sink.resolutionsOf(IncidentType.GATEWAY_DOWN)).hasSize(1);
    }

    @Test
    void missingCredentialIsNotAProviderFailure() {
        for (int i = 0; i < 5; i++) tracker.onProbeResult(result("anthropic", ProviderKind.ANTHROPIC, FailureKind.NO_CREDENTIAL));
        assertThat(sink.signals).isEmpty();
    }
}
