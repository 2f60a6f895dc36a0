package io.gatewarden.pipeline;

import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.gatewarden.pipeline.ReplayFixturesTest.incidents;
import static io.gatewarden.pipeline.ReplayFixturesTest.only;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Captures 14–16 from the real gateway (fixtures README, {@code e2e/openclaw/capture.py}) replayed as a human needs
 * them diagnosed; the fake provider's request log of each capture is the proof of which model was really asked.
 */
class RealCaptureStoriesTest {
    static final Path LOGS = Path.of("src/test/resources/fixtures/openclaw/logs");
    static final Path CLI = Path.of("src/test/resources/fixtures/openclaw/cli-output");
    static final Pattern POST = Pattern.compile("POST /(\\w+)/v1/\\S+ model=(\\S+)");

    static Replay.Result replay(String log) throws IOException {
        return Replay.run(GatewardenConfig.defaults().pipeline(), List.of(LOGS.resolve(log)), new IncidentListener() {});
    }

    /** provider/model of every request the fake provider received. */
    static Set<String> requested(String requestLog) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String l : Files.readAllLines(CLI.resolve(requestLog))) {
            Matcher m = POST.matcher(l);
            if (m.find()) out.add(m.group(1) + "/" + m.group(2));
        }
        return out;
    }

    /** A model that never received a request is never called rate-limited or overloaded. */
    static void noFailureWithoutARequest(Replay.Result r, Set<String> requested) {
        for (Incident i : r.incidents()) {
            if (i.type() != IncidentType.PROVIDER_RATE_LIMITED && i.type() != IncidentType.PROVIDER_OVERLOADED) continue;
            assertThat(requested).as("%s names a model the provider was asked", i.type())
                    .contains(i.labels().get("provider") + "/" + i.labels().get("model"));
        }
    }

    @Test
    void capture14_oneProfilesCooldownSkipsItsHealthySiblingWhichIsNeverBlamed() throws IOException {
        for (String f : List.of("14-cooldown-skip-same-profile-sibling.info.jsonl", "14-cooldown-skip-same-profile-sibling.debug.jsonl")) {
            Replay.Result r = replay(f);
            Set<String> asked = requested("14-cooldown-skip-same-profile-sibling-requests.log");
            assertThat(asked).containsExactly("fakeoa/rl-429", "fakeoa/rl-429b");
            noFailureWithoutARequest(r, asked);
            assertThat(incidents(r)).as(f).containsExactlyInAnyOrder(
                    // runs 1-2: both 429 models were really asked, and failed
                    "provider_rate_limited{model=rl-429,provider=fakeoa} warning x2",
                    "provider_rate_limited{model=rl-429b,provider=fakeoa} warning x2",
                    // runs 2 and 4: the profile cools down; the gateway refuses its own probe of the primary, skips the rest
                    "fallback_skipped{model=rl-429,profile=sha256:31bf98062baa,provider=fakeoa,reason=cooldown} warning x2",
                    "fallback_skipped{model=rl-429b,profile=sha256:31bf98062baa,provider=fakeoa,reason=cooldown} warning x2",
                    // the healthy sibling: never asked in any of the 4 runs (runs 1 and 3 end on the gateway's own
                    // "Auth profile … is temporarily unavailable for fakeoa/ok"), blocked by the 429s of the others
                    "fallback_skipped{blocked_by=fakeoa/rl-429b,model=ok,profile=sha256:31bf98062baa,provider=fakeoa,reason=cooldown} warning x4",
                    "chain_exhausted{agent=main,requested_model=fakeoa/rl-429} critical x4");
            Incident ok = r.incidents().stream().filter(i -> "ok".equals(i.labels().get("model"))).findFirst().orElseThrow();
            assertThat(ok.summary()).contains("fakeoa/ok had no failure of its own").contains("in cooldown (rate_limit) until 2026-12-06T14:47:05.484Z");
            assertThat(only(r, IncidentType.CHAIN_EXHAUSTED).summary()).contains("4 runs in 4 sessions")
                    .contains("fakeoa/ok skipped (cooldown");
        }
    }

    @Test
    void capture14b_aTwoRungChainTriesItsSiblingAndOnlyThePrimaryIsRateLimited() throws IOException {
        Replay.Result r = replay("14b-rate-limit-two-rung-sibling-tried.info.jsonl");
        assertThat(requested("14b-rate-limit-two-rung-sibling-tried-requests.log")).containsExactly("fakeoa/ok", "fakeoa/rl-429");
        assertThat(incidents(r)).containsExactly("provider_rate_limited{model=rl-429,provider=fakeoa} warning x3");
    }

    @Test
    void capture14c_aBillingDisableSkipsBothRungsAndNamesTheModelThatRanOutOfQuota() throws IOException {
        Replay.Result r = replay("14c-billing-two-rung-sibling-skipped.info.jsonl");
        Set<String> asked = requested("14c-billing-two-rung-sibling-skipped-requests.log");
        assertThat(asked).doesNotContain("fakeoa/ok");
        noFailureWithoutARequest(r, asked);
        assertThat(incidents(r)).contains(
                "quota_exhausted{profile=sha256:31bf98062baa,provider=fakeoa} critical x3",
                "fallback_skipped{blocked_by=fakeoa/quota-429,model=ok,profile=sha256:31bf98062baa,provider=fakeoa,reason=cooldown} warning x3",
                // one chain, one episode: all three runs failed, the first on the gateway's refusal of fakeoa/ok
                "chain_exhausted{agent=main,requested_model=fakeoa/quota-429} critical x3");
    }

    @Test
    void capture15_aSessionEveryModelRejectsIsOneCriticalLoopOfThatSession() throws IOException {
        for (String f : List.of("15-session-rejected-every-run.info.jsonl", "15-session-rejected-every-run.debug.jsonl")) {
            Replay.Result r = replay(f);
            List<Incident> loops = r.incidents().stream().filter(i -> i.type() == IncidentType.ERROR_LOOP).toList();
            assertThat(loops).as(f).singleElement().satisfies(i -> {
                assertThat(i.labels()).containsEntry("session", "lab-s15-poisoned").containsEntry("agent", "main");
                assertThat(i.labels().get("error")).contains("tool_use_id");
                assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(i.occurrences()).isEqualTo(5);
            });
            assertThat(only(r, IncidentType.CHAIN_EXHAUSTED).labels()).containsEntry("requested_model", "fakeanth/m-a");
            assertThat(only(r, IncidentType.CHAIN_EXHAUSTED).summary()).contains("5 runs in 1 session")
                    .contains("fakeanth/m-a failed (format 400) → fakeanth/m-b failed (format 400) → fakeanth2/m-c failed (format 400)");
        }
    }

    @Test
    void capture16_aSessionNearItsWindowIsOneEpisodeThoughPreflightAndPrecheckAlternate() throws IOException {
        Replay.Result r = replay("16-preflight-near-context-window.debug.jsonl");
        assertThat(incidents(r)).containsExactly("context_pressure{agent=main,session=lab-s16} critical x1");
        // INFO has no preflight lines: nothing to read there (the daemon's collector covers that level)
        assertThat(replay("16-preflight-near-context-window.info.jsonl").incidents())
                .noneMatch(i -> i.type() == IncidentType.CONTEXT_PRESSURE);
    }

    /**
     * Capture 17: a poisoned session's runs fail with one 400 that the attempt line quotes as "400: {…message…}" and the
     * fallback decision as the bare message. One error, one loop per session — not two incidents for one fault.
     */
    @Test
    void capture17_aPoisonedSessionLoopsOnOneFingerprint() throws IOException {
        Replay.Result r = replay("17-session-actions.debug.jsonl");
        var loops = r.incidents().stream().filter(i -> i.type() == IncidentType.ERROR_LOOP && i.labels().containsKey("session")).toList();
        assertThat(loops).as("session error loops").isNotEmpty();
        var bySession = loops.stream().collect(java.util.stream.Collectors.groupingBy(i -> i.labels().get("session"),
                java.util.stream.Collectors.mapping(i -> i.labels().get("fingerprint"), java.util.stream.Collectors.toSet())));
        bySession.forEach((session, fps) -> assertThat(fps).as("fingerprints of %s", session).hasSize(1));
        assertThat(loops).allSatisfy(i -> assertThat(i.labels().get("error")).startsWith("messages.#.content.#: unexpected `tool_use_id`"));
    }
}
