package io.gatewarden.alert;

import io.gatewarden.testsupport.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitStageTest {
    final MutableClock clock = MutableClock.at("2026-11-23T10:00:00Z");

    @Test
    void aReceiverWithoutATokenIsHeldUntilItHasOneAndOthersGoOn() {
        List<AlertSettings.Receiver> receivers = Fixture.settings("""
                receivers:
                  - {name: slow, type: console, rate_limit: {burst: 2, refill_every: 1m}}
                  - {name: free, type: console, rate_limit: {burst: 0}}
                route: {receiver: slow}
                """).receivers();
        RateLimitStage limit = new RateLimitStage(receivers, clock.instant());

        assertThat(limit.exec(flush("slow"))).isEqualTo(NotifyStage.Outcome.PASS);
        assertThat(limit.exec(flush("slow"))).isEqualTo(NotifyStage.Outcome.PASS);
        StageParts.RecordingFlush held = flush("slow");
        assertThat(limit.exec(held)).isEqualTo(NotifyStage.Outcome.RATE_LIMITED);
        assertThat(held.retryAt).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(limit.rateLimited.get()).isEqualTo(1);
        for (int i = 0; i < 50; i++) assertThat(limit.exec(flush("free"))).isEqualTo(NotifyStage.Outcome.PASS);

        clock.advance(Duration.ofSeconds(59));
        assertThat(limit.exec(flush("slow"))).isEqualTo(NotifyStage.Outcome.RATE_LIMITED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limit.exec(flush("slow"))).isEqualTo(NotifyStage.Outcome.PASS);
        assertThat(limit.rateLimited.get()).isEqualTo(2);
    }

    private StageParts.RecordingFlush flush(String receiver) {
        Instant now = clock.instant();
        return new StageParts.RecordingFlush(receiver, now, List.of());
    }
}
