package io.gatewarden.detect;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.gatewarden.incident.IncidentType.CHAIN_EXHAUSTED;
import static io.gatewarden.incident.IncidentType.FALLBACK_SKIPPED;
import static io.gatewarden.incident.IncidentType.QUOTA_EXHAUSTED;
import static io.gatewarden.parse.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

/** chain_exhausted, fallback_skipped and quota_exhausted on fixture-04/05/06-shaped runs. */
class ChainAndSkipDetectorsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:10:30.482Z");
    private static final String NO_KEY = "Couldn't sign in to nokeyremote. Your saved login looks expired or no longer works. "
            + "`openclaw configure`. (No API key found for provider \"nokeyremote\". Auth store: /home/openclaw/.openclaw/state/openclaw.sqlite";
    private static final String ALL_FAILED = "All models failed (2): fakeoa/quota-429: Provider fakeoa is in cooldown (billing) | "
            + "nokeyremote/m1: Couldn't sign in to nokeyremote. (No API key found for provider \"nokeyremote\".";

    /** Fixture 06: the primary skipped (billing cooldown), the only fallback has no key: the chain is exhausted. */
    private static void fixture06(Harness h, String run, Instant t0) {
        h.feed(Ev.of(FALLBACK_CANDIDATE_SKIPPED).at(t0).run(run).session("lab-s4").ref("fakeoa/quota-429").reason("billing")
                .detail("Provider fakeoa is in cooldown").attr("attempt", 1).attr("total", 2)
                .attr("nextProvider", "nokeyremote").attr("nextModel", "m1"));
        h.feed(Ev.of(MISSING_API_KEY).at(t0.plusMillis(33)).level(5).provider("nokeyremote").detail(NO_KEY));
        h.feed(Ev.of(LANE_ERROR).at(t0.plusMillis(36)).level(5).detail(NO_KEY));
        h.feed(Ev.of(io.gatewarden.parse.EventType.CHAIN_EXHAUSTED).at(t0.plusMillis(41)).run(run).session("lab-s4").ref("nokeyremote/m1").reason("auth")
                .status(401).detail(NO_KEY).attr("attempt", 2).attr("total", 2));
        h.feed(Ev.of(RUN_FAILED).at(t0.plusMillis(122)).level(3).run(run).detail("errorCode=UNAVAILABLE errorMessage=" + ALL_FAILED));
        h.feed(Ev.of(io.gatewarden.parse.EventType.CHAIN_EXHAUSTED).at(t0.plusMillis(234)).level(5).detail("[openclaw] Reason: " + ALL_FAILED));
    }

    @Test
    void anExhaustedChainIsOneCriticalOccurrencePerRunWithItsRungs() {
        Harness h = new Harness();
        fixture06(h, "17291d47-ab10-4e43-9437-941e9da77117", T0);

        Incident i = h.all(CHAIN_EXHAUSTED).get(0);
        assertThat(h.all(CHAIN_EXHAUSTED)).hasSize(1);
        assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(i.occurrences()).isEqualTo(1);
        assertThat(i.summary()).isEqualTo("all models failed: 1 run in 1 session in the last hour; latest run 17291d47 in session lab-s4: "
                + "fakeoa/quota-429 skipped (cooldown, billing) → nokeyremote/m1 skipped (no credentials)");
        assertThat(i.evidence()).allSatisfy(e -> assertThat(e).startsWith("rungs: fakeoa/quota-429 skipped (cooldown, billing) → nokeyremote/m1 skipped (no credentials)"));

        fixture06(h, "2b000000-0000-0000-0000-000000000000", T0.plusSeconds(30));
        assertThat(h.all(CHAIN_EXHAUSTED)).singleElement().extracting(Incident::occurrences).isEqualTo(2L);
    }

    @Test
    void theAgentIsALabelWhenAnyLineOfTheRunNamedIt() {
        Harness h = new Harness();
        h.feed(Ev.of(FALLBACK_CANDIDATE_FAILED).at(T0).run("r1").agent("main").ref("a/b").reason("timeout").status(504));
        h.feed(Ev.of(io.gatewarden.parse.EventType.CHAIN_EXHAUSTED).at(T0.plusSeconds(1)).run("r1").ref("c/d").reason("timeout").status(504));
        h.feed(Ev.of(RUN_FAILED).at(T0.plusSeconds(2)).run("r1").detail("All models failed (2)"));
        assertThat(h.all(CHAIN_EXHAUSTED)).singleElement().satisfies(i -> {
            assertThat(i.labels()).isEqualTo(Map.of("agent", "main"));
            assertThat(i.summary()).contains("(agent main)");
        });
    }

    @Test
    void skippedRungsOfFixture06AreFallbackSkippedByReason() {
        Harness h = new Harness();
        fixture06(h, "17291d47-ab10-4e43-9437-941e9da77117", T0);
        assertThat(h.all(FALLBACK_SKIPPED)).extracting(Incident::labels).containsExactlyInAnyOrder(
                Map.of("provider", "fakeoa", "model", "quota-429", "reason", "cooldown"),
                Map.of("provider", "nokeyremote", "model", "m1", "reason", "no_credentials"));
        // the "No API key" lane line and the decision line of the same run are one occurrence
        assertThat(h.all(FALLBACK_SKIPPED)).allSatisfy(i -> assertThat(i.occurrences()).isEqualTo(1));
    }

    @Test
    void fixture05CooldownSkipsAndAMissingKey() {
        Harness h = new Harness();
        Instant t = Instant.parse("2026-11-23T12:10:12.262Z");
        String run = "b34ed0bb-d446-47d9-a6ae-f78ab5f350ef";
        h.feed(Ev.of(FALLBACK_CANDIDATE_SKIPPED).at(t).run(run).ref("fakeoa/quota-429").reason("billing")
                .detail("Provider fakeoa is in cooldown").attr("nextProvider", "nokeyremote").attr("nextModel", "m1"));
        h.feed(Ev.of(LANE_ERROR).at(t.plusMillis(48)).detail(NO_KEY));
        h.feed(Ev.of(FALLBACK_CANDIDATE_FAILED).at(t.plusMillis(66)).run(run).ref("nokeyremote/m1").reason("auth").status(401)
                .detail(NO_KEY));
        h.feed(Ev.of(FALLBACK_CANDIDATE_SKIPPED).at(t.plusMillis(71)).run(run).ref("fakeoa/ok").reason("billing")
                .detail("Provider fakeoa is in cooldown"));
        h.feed(Ev.of(FALLBACK_CANDIDATE_SUCCEEDED).at(t.plusMillis(823)).run(run).ref("fakeanth/ok"));

        assertThat(h.all(FALLBACK_SKIPPED)).hasSize(3).allSatisfy(i -> {
            assertThat(i.severity()).isEqualTo(Severity.WARNING);
            assertThat(i.occurrences()).isEqualTo(1);
        });
        assertThat(h.all(FALLBACK_SKIPPED)).extracting(Incident::summary).containsExactlyInAnyOrder(
                "fallback fakeoa/quota-429 was skipped without a request: its provider's auth profile is in cooldown (billing) (run b34ed0bb)",
                "fallback nokeyremote/m1 has no credentials: skipped without a request in run b34ed0bb",
                "fallback fakeoa/ok was skipped without a request: its provider's auth profile is in cooldown (billing) (run b34ed0bb)");
        assertThat(h.all(CHAIN_EXHAUSTED)).isEmpty();
    }

    @Test
    void fixture02UnknownModelRungIsSkippedButRealHttpFailuresAreNot() {
        Harness h = new Harness();
        Scenarios.fixture02("ead177c3-7cfb-445c-9dbd-bd413dd1017f", Instant.parse("2026-11-23T12:02:10.599Z")).forEach(h::feed);
        assertThat(h.all(FALLBACK_SKIPPED)).singleElement().satisfies(i -> {
            assertThat(i.labels()).isEqualTo(Map.of("provider", "anthropic", "model", "claude-sonnet-4-5", "reason", "unknown_model"));
            assertThat(i.occurrences()).isEqualTo(1);
        });
    }

    @Test
    void anUnknownModelLineWithoutFieldsIsReadFromItsTextAndCountsWithItsDecision() {
        Harness h = new Harness();
        h.feed(Ev.of(FALLBACK_CANDIDATE_FAILED).at(T0).run("r1").ref("fakeanth/ovl-529").reason("overloaded").status(529));
        h.feed(Ev.of(UNKNOWN_MODEL).at(T0.plusMillis(700)).detail(Scenarios.UNKNOWN));
        h.feed(Ev.of(FALLBACK_CANDIDATE_FAILED).at(T0.plusMillis(750)).run("r1").ref("anthropic/claude-sonnet-4-5")
                .reason("model_not_found").detail(Scenarios.UNKNOWN));
        assertThat(h.all(FALLBACK_SKIPPED)).singleElement().extracting(Incident::occurrences).isEqualTo(1L);
    }

    @Test
    void aRealAuthRejectionIsNotASkip() {
        Harness h = new Harness();
        h.feed(Ev.of(FALLBACK_CANDIDATE_FAILED).at(T0).run("r1").ref("anthropic/claude").reason("auth").status(401)
                .detail("401 invalid x-api-key"));
        assertThat(h.all(FALLBACK_SKIPPED)).isEmpty();
    }

    @Test
    void fixture04BillingIsOneQuotaIncidentPerProviderAndProfile() {
        Harness h = new Harness();
        Instant t = Instant.parse("2026-11-23T12:09:33.484Z");
        String run = "94d62257-39c3-449b-914b-8efad6d2ebb3";
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(t).run(run).ref("fakeoa/quota-429").reason("billing")
                .detail("⚠️ fakeoa (quota-429) returned a billing error"));
        h.feed(Ev.of(PROFILE_FAILURE_STATE).at(t.plusMillis(29)).run(run).provider("fakeoa").profile("sha256:3b94924e0061")
                .reason("billing").attr("windowType", "disabled").attr("disabledUntil", 1795436373506L));
        h.feed(Ev.of(RUN_FAILOVER_DECISION).at(t.plusMillis(33)).run(run).ref("fakeoa/quota-429").profile("sha256:3b94924e0061")
                .reason("billing").status(429));
        h.feed(Ev.of(FALLBACK_CANDIDATE_FAILED).at(t.plusMillis(43)).run(run).ref("fakeoa/quota-429").reason("billing").status(429));

        assertThat(h.all(QUOTA_EXHAUSTED)).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(i.labels()).isEqualTo(Map.of("provider", "fakeoa", "profile", "sha256:3b94924e0061"));
            assertThat(i.occurrences()).isEqualTo(1);
            assertThat(i.summary()).isEqualTo("fakeoa is out of quota (billing): auth profile sha256:3b94924e0061 "
                    + "disabled until 2026-11-23T12:19:33.506Z");
            assertThat(i.evidence().get(0)).startsWith("disabledUntil=2026-11-23T12:19:33.506Z");
        });
        // a later run skips the disabled provider: same incident, one more occurrence
        h.feed(Ev.of(FALLBACK_CANDIDATE_SKIPPED).at(t.plusSeconds(39)).run("b34ed0bb").ref("fakeoa/quota-429").reason("billing")
                .detail("Provider fakeoa is in cooldown"));
        assertThat(h.all(QUOTA_EXHAUSTED)).singleElement().extracting(Incident::occurrences).isEqualTo(2L);
        // the rate-limit detector does not mistake a billing 429 for a rate limit
        assertThat(h.all(io.gatewarden.incident.IncidentType.PROVIDER_RATE_LIMITED)).isEmpty();
    }
}
