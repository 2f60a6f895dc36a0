package io.gatewarden.run;

import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunModelTest {
    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    final RunModel runs = new RunModel(Duration.ofMinutes(10), Duration.ofSeconds(30), 64);

    static GatewayEvent ev(EventType type, int sec, String run, String trace, String ref, String reason, int status,
                           String... attrs) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < attrs.length; i += 2) a.put(attrs[i], attrs[i + 1]);
        String provider = ref == null ? null : ref.substring(0, ref.indexOf('/'));
        String model = ref == null ? null : ref.substring(ref.indexOf('/') + 1);
        return new GatewayEvent(type, T0.plusSeconds(sec), 4, "test", run, null, null, provider, model, null, reason, status,
                null, a, null, trace);
    }

    @Test
    void aLineWithoutARunIdJoinsItsRunByTraceId() {
        runs.observe(ev(EventType.RUN_ACCEPTED, 0, "run-a", "trace-a", null, null, 0));
        runs.observe(ev(EventType.RUN_ACCEPTED, 1, "run-b", "trace-b", null, null, 0));
        // run b's line was the last with a runId; the fetch line belongs to run a by its trace
        List<RequestOutcome> out = runs.observe(ev(EventType.MODEL_FETCH, 2, null, "trace-a", "p/m", null, 200));
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.runId()).isEqualTo("run-a");
            assertThat(r.failure()).isFalse();
        });
    }

    @Test
    void everySuccessfulFetchOfARunIsARequestAndTheRunsEndIsTheirEcho() {
        assertThat(runs.observe(ev(EventType.MODEL_FETCH, 1, "r", "t", "p/m", null, 200))).hasSize(1);
        assertThat(runs.observe(ev(EventType.MODEL_FETCH, 2, "r", "t", "p/m", null, 200))).as("a tool call's second request").hasSize(1);
        assertThat(runs.observe(ev(EventType.FALLBACK_CANDIDATE_SUCCEEDED, 3, "r", "t", "p/m", null, 0, "decision", "candidate_succeeded"))).isEmpty();
        assertThat(runs.observe(ev(EventType.RUN_SUCCEEDED, 4, "r", "t", null, null, 0, "stopReason", "stop"))).isEmpty();
        assertThat(runs.run("r").outcome()).isEqualTo(ChainOutcome.SUCCEEDED);
    }

    @Test
    void aSkipIsNeverARequestEvenWhenItEndsTheChainWithReasonRateLimit() {
        runs.observe(ev(EventType.RUN_ATTEMPT_FAILED, 1, "r", "t", "anthropic/opus", "rate_limit", 429));
        GatewayEvent profile = new GatewayEvent(EventType.PROFILE_FAILURE_STATE, T0.plusSeconds(2), 4, "test", "r", null, null,
                "anthropic", null, "sha256:abc", "rate_limit", 0, null,
                Map.of("windowType", "cooldown", "until", "2026-11-23T12:00:32Z"), null, "t");
        runs.observe(profile);
        GatewayEvent skip = ev(EventType.CHAIN_EXHAUSTED, 3, "r", "t", "anthropic/sonnet", "rate_limit", 0,
                "decision", "skip_candidate", "outcome", "chain_exhausted", "source", "decision");
        assertThat(runs.observe(skip)).isEmpty();
        assertThat(runs.isSkip(skip)).isTrue();
        Rung sonnet = runs.rungOf(skip);
        assertThat(sonnet.outcome()).isEqualTo(RungOutcome.SKIPPED);
        assertThat(sonnet.skip()).isEqualTo(SkipKind.COOLDOWN);
        assertThat(sonnet.cooldown().profile()).isEqualTo("sha256:abc");
        assertThat(sonnet.cooldown().until()).isEqualTo(Instant.parse("2026-11-23T12:00:32Z"));
        assertThat(sonnet.cooldown().blockedBy()).isEqualTo("anthropic/opus");
        assertThat(runs.run("r").outcome()).isEqualTo(ChainOutcome.EXHAUSTED);
    }

    @Test
    void aFailedRungsDecisionLineIsTheEchoOfItsAttemptLines() {
        assertThat(runs.observe(ev(EventType.RUN_ATTEMPT_FAILED, 1, "r", "t", "p/m", "overloaded", 529))).hasSize(1);
        assertThat(runs.observe(ev(EventType.SAME_MODEL_RETRY, 2, null, null, "p/m", "overloaded", 0, "retry", "1"))).isEmpty();
        assertThat(runs.observe(ev(EventType.RUN_ATTEMPT_FAILED, 3, "r", "t", "p/m", "overloaded", 529))).hasSize(1);
        assertThat(runs.observe(ev(EventType.FALLBACK_CANDIDATE_FAILED, 4, "r", "t", "p/m", "overloaded", 529,
                "decision", "candidate_failed"))).isEmpty();
        Rung r = runs.run("r").rung("p/m");
        assertThat(r.requests()).isEqualTo(2);
        assertThat(r.retries()).isEqualTo(1);
        assertThat(r.outcome()).isEqualTo(RungOutcome.FAILED);
    }

    @Test
    void aRungThatFailedWithoutAnAttemptLineIsOneRequest() {
        assertThat(runs.observe(ev(EventType.REQUEST_REJECTED, 1, "r", "t", "p/m", "format", 400,
                "decision", "candidate_failed", "source", "decision"))).singleElement()
                .satisfies(o -> assertThat(o.reason()).isEqualTo("format"));
    }

    @Test
    void theSessionKeyOfALaneLineAndTheIdOfADecisionLineAreOneSession() {
        GatewayEvent decision = new GatewayEvent(EventType.FALLBACK_CANDIDATE_FAILED, T0, 4, "test", "r", "5b0c-uuid", "main",
                "p", "m", null, "format", 400, null, Map.of("decision", "candidate_failed"), null, "t");
        GatewayEvent lane = new GatewayEvent(EventType.LANE_ERROR, T0.plusSeconds(1), 5, "test", null, "main", "main", null,
                null, null, null, 0, null, Map.of("sessionKey", "agent:main:main", "lane", "session:agent:main:main"), null, "t");
        runs.observe(decision);
        runs.observe(lane);
        assertThat(runs.sessions().canonical("agent:main:main")).isEqualTo("5b0c-uuid");
        assertThat(runs.run("r").sessionKey()).isEqualTo("agent:main:main");
        assertThat(runs.run("r").lane()).isEqualTo("session:agent:main:main");
        // an explicit key needs no learning
        assertThat(runs.sessions().canonical("agent:main:explicit:lab-s1")).isEqualTo("lab-s1");
    }
}
