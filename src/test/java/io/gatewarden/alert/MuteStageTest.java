package io.gatewarden.alert;

import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MuteStageTest {
    @TempDir Path tmp;

    @Test
    void aSilenceHoldsBackWhatItMatchesUntilItEnds() {
        StageParts parts = new StageParts(tmp);
        SilenceStore silences = parts.silences();
        MuteStage mute = new MuteStage(silences, new Inhibitor(List.of()));
        TrackedAlert anthropic = parts.firing(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "anthropic");
        TrackedAlert openai = parts.firing(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "openai");
        silences.add(new NewSilence(List.of("provider=anthropic"), null, null, Duration.ofHours(1), "test", "maintenance"));

        mute.newPass(parts.clock.instant(), List.of(anthropic, openai));
        StageParts.RecordingFlush flush = new StageParts.RecordingFlush("hook", parts.clock.instant(), List.of(anthropic, openai));
        assertThat(mute.exec(flush)).isEqualTo(NotifyStage.Outcome.PASS);
        assertThat(flush.alerts).containsExactly(openai);
        assertThat(flush.muted).containsExactly(anthropic);
        assertThat(mute.muted.get()).isEqualTo(1);

        parts.clock.advance(Duration.ofHours(1));
        mute.newPass(parts.clock.instant(), List.of(anthropic, openai));
        StageParts.RecordingFlush later = new StageParts.RecordingFlush("hook", parts.clock.instant(), List.of(anthropic, openai));
        mute.exec(later);
        assertThat(later.alerts).containsExactly(anthropic, openai);
        assertThat(later.muted).isEmpty();
    }

    @Test
    void aFiringSourceInhibitsItsTargetsWithTheSameEqualLabelsButNeverItself() {
        StageParts parts = new StageParts(tmp);
        Inhibitor inhibitor = new Inhibitor(List.of(new AlertSettings.InhibitRule(
                List.of("alertname=gateway_down"), List.of("severity=warning"), List.of("gateway"))));
        MuteStage mute = new MuteStage(parts.silences(), inhibitor);
        TrackedAlert down = parts.firing(IncidentType.GATEWAY_DOWN, Severity.CRITICAL, "gateway", "g1");
        TrackedAlert sameGateway = parts.firing(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "gateway", "g1");
        TrackedAlert otherGateway = parts.firing(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "gateway", "g2");

        mute.newPass(parts.clock.instant(), List.of(down, sameGateway, otherGateway));
        StageParts.RecordingFlush flush = new StageParts.RecordingFlush("hook", parts.clock.instant(), List.of(down, sameGateway, otherGateway));
        mute.exec(flush);
        assertThat(flush.alerts).containsExactly(down, otherGateway);
        assertThat(flush.muted).containsExactly(sameGateway);

        // once the source resolves, the next pass lets the target through
        TrackedAlert downResolved = StageParts.resolved(down, parts.clock.instant());
        mute.newPass(parts.clock.instant(), List.of(downResolved, sameGateway));
        StageParts.RecordingFlush next = new StageParts.RecordingFlush("hook", parts.clock.instant(), List.of(sameGateway));
        mute.exec(next);
        assertThat(next.alerts).containsExactly(sameGateway);
    }
}
