package io.gatewarden.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.BreakerSettings;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.parse.ParseSettings;
import io.gatewarden.testsupport.BreakerFeed;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.gatewarden.pipeline.ReplayFixturesTest.incidents;
import static io.gatewarden.pipeline.ReplayFixturesTest.only;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stories this project exists for, replayed as a human needs them diagnosed. Every line is a real OpenClaw line
 * from {@code fixtures/openclaw/logs}; where a story needs a line the captures do not hold in that exact form (the
 * cooldown skip that ENDS a chain, a run repeated in one session, a session near its window), it is a real line with
 * only its ids, times, model names or numbers changed — never a new shape.
 */
class SeedStoriesTest {
    static final Path LOGS = Path.of("src/test/resources/fixtures/openclaw/logs");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static List<String> lines(String fixture) throws Exception {
        return Files.readAllLines(LOGS.resolve(fixture));
    }

    static String line(String fixture, String contains) throws Exception {
        return lines(fixture).stream().filter(l -> l.contains(contains)).findFirst().orElseThrow();
    }

    /** A real line with some fields of its event object ("1") and its time changed. */
    static String edit(String line, Instant time, String... kv) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(line);
        if (time != null) o.put("time", time.toString());
        ObjectNode one = o.get("1") instanceof ObjectNode n ? n : null;
        for (int i = 0; i < kv.length; i += 2) {
            if (one != null && one.has(kv[i]) || one != null && !kv[i].startsWith("$")) one.put(kv[i], kv[i + 1]);
        }
        return JSON.writeValueAsString(o);
    }

    /** A real line with a text replaced (ids in message texts) and its time changed. */
    static String text(String line, Instant time, String from, String to) throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree(line.replace(from, to));
        if (time != null) o.put("time", time.toString());
        return JSON.writeValueAsString(o);
    }

    Replay.Result replay(List<String> log) throws Exception {
        Path f = tmp.resolve("story-" + System.nanoTime() + ".jsonl");
        Files.write(f, log);
        return Replay.run(GatewardenConfig.defaults().pipeline(), List.of(f), new IncidentListener() {});
    }

    // ------------------------------------------------------------------ the cooldown-scope trap (OpenClaw #55941)

    /**
     * fakerl/rl-429 answers 429 (fixture 09's run: 9 retries, then the gateway puts the profile into a rate_limit
     * cooldown). The run's last rung, fakerl/ok on the SAME profile, is then skipped — "Provider fakerl is in
     * cooldown" with fallbackStepFinalOutcome chain_exhausted (fixture 05's skip line, moved to the end of the chain) —
     * and the gateway answers "All models failed (2)" (fixture 06's ws line).
     */
    List<String> cooldownSkipEndsTheChain() throws Exception {
        String run = "a412974f-471a-413f-b538-74f7a175a92e";
        List<String> log = new ArrayList<>();
        List<String> f09 = lines("09-rate-limit-profile-cooldown-and-abort.info.jsonl");
        // the run's first rung, up to the failover decision and the failed-candidate decision (no succeeded line)
        for (String l : f09.subList(0, 103)) if (!l.contains("candidate_succeeded")) log.add(l);
        Instant t = Instant.parse("2026-11-23T12:14:08.800Z");
        log.add(edit(line("05-cooldown-skip-and-no-api-key.info.jsonl", "\"skip_candidate\""), t,
                "runId", run, "sessionId", "lab-s7", "requestedProvider", "fakerl", "requestedModel", "rl-429",
                "candidateProvider", "fakerl", "candidateModel", "ok", "attempt", "2", "total", "2", "reason", "rate_limit",
                "errorPreview", "Provider fakerl is in cooldown", "fallbackStepFromModel", "fakerl/ok",
                "fallbackStepFinalOutcome", "chain_exhausted"));
        log.add(text(line("06-chain-exhausted-all-models-failed.info.jsonl", "res ✗ agent"), t.plusMillis(20),
                "17291d47-ab10-4e43-9437-941e9da77117", run));
        return log;
    }

    @Test
    void aSkippedSiblingIsNeverRateLimitedAndTheSkipNamesTheCoolingProfileAndWhoCausedIt() throws Exception {
        Replay.Result r = replay(cooldownSkipEndsTheChain());
        assertThat(incidents(r)).containsExactlyInAnyOrder(
                "provider_rate_limited{model=rl-429,provider=fakerl} warning x1",
                "fallback_skipped{blocked_by=fakerl/rl-429,model=ok,profile=sha256:8591d81ebb18,provider=fakerl,reason=cooldown} warning x1",
                "chain_exhausted{agent=main,requested_model=fakerl/rl-429} critical x1");
        assertThat(only(r, IncidentType.FALLBACK_SKIPPED).summary()).isEqualTo("fallback fakerl/ok was skipped without a "
                + "request: auth profile sha256:8591d81ebb18 is in cooldown (rate_limit) until 2026-11-23T12:14:38.757Z "
                + "because fakerl/rl-429 failed; fakerl/ok had no failure of its own (run a412974f)");
        Incident exhausted = only(r, IncidentType.CHAIN_EXHAUSTED);
        assertThat(exhausted.summary()).contains("1 run in 1 session").contains("fakerl/rl-429 failed (rate_limit 429, 9 retries)")
                .contains("fakerl/ok skipped (cooldown, rate_limit, profile sha256:8591d81ebb18 until 2026-11-23T12:14:38.757Z, after fakerl/rl-429 failed)");
    }

    @Test
    void theSkippedSiblingsBreakerNeverHearsOfIt() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
        BreakerRegistry breakers = new BreakerRegistry(BreakerSettings.defaults(), clock, null, null);
        BreakerFeed feed = new BreakerFeed(breakers);
        var parser = Pipelines.parser(ParseSettings.defaults());
        for (String l : cooldownSkipEndsTheChain()) {
            var e = parser.parse(l);
            if (e.time() != null && e.time().isAfter(clock.instant())) clock.set(e.time());
            feed.accept(e);
        }
        assertThat(breakers.forModel("fakerl/ok")).as("no request, no breaker").isEmpty();
        assertThat(breakers.isModelOpen("fakerl/rl-429")).isTrue();
        assertThat(feed.runs().run("a412974f-471a-413f-b538-74f7a175a92e").rung("fakerl/ok").skip())
                .isEqualTo(io.gatewarden.run.SkipKind.COOLDOWN);
    }

    // ------------------------------------------------------------------ a session that loops

    /** Fixture 08's run (a 400 tool_use_id on every request of session lab-s6) repeated once a minute, each a new run. */
    List<String> sessionLoop(int runs) throws Exception {
        List<String> run = lines("08-tool-use-id-format-error.info.jsonl");
        String runId = "7efde0cc-3f79-4163-9aee-481409ec01e5";
        String trace = "039212c6";
        List<String> log = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String newRun = String.format("7efde0cc-0000-0000-0000-%012d", i);
            for (String l : run) {
                if (!l.contains(runId) && !l.contains(trace)) continue; // only the run's own lines
                ObjectNode o = (ObjectNode) JSON.readTree(l.replace(runId, newRun).replace(trace, String.format("%08x", i)));
                Instant t = Instant.parse(o.get("time").asText().replace("+00:00", "Z")).plus(Duration.ofMinutes(i));
                o.put("time", t.toString());
                log.add(JSON.writeValueAsString(o));
            }
        }
        return log;
    }

    @Test
    void theSameRejectionInThreeRunsOfOneSessionIsThatSessionsErrorLoop() throws Exception {
        Replay.Result r = replay(sessionLoop(3));
        List<Incident> loops = r.incidents().stream().filter(i -> i.type() == IncidentType.ERROR_LOOP).toList();
        assertThat(loops).singleElement().satisfies(i -> {
            assertThat(i.labels()).containsEntry("session", "lab-s6").containsEntry("agent", "main");
            assertThat(i.labels().get("error")).contains("tool_use_id");
            assertThat(i.occurrences()).isEqualTo(3);
            assertThat(i.severity()).isEqualTo(Severity.WARNING);
            assertThat(i.summary()).startsWith("session lab-s6 (agent main) keeps failing with the same error: 3 runs within 3m");
        });
        // the per-model view stays: one rejected-request episode of the model
        assertThat(incidents(r)).contains("request_rejected{model=tooluse-400,provider=fakeanth} warning x3");
    }

    @Test
    void aLoopThatGoesOnBecomesCritical() throws Exception {
        Replay.Result r = replay(sessionLoop(5));
        assertThat(r.incidents()).filteredOn(i -> i.type() == IncidentType.ERROR_LOOP).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(i.occurrences()).isEqualTo(5);
        });
    }

    @Test
    void twoRunsAreNotALoop() throws Exception {
        assertThat(replay(sessionLoop(2)).incidents()).noneMatch(i -> i.type() == IncidentType.ERROR_LOOP);
    }

    // ------------------------------------------------------------------ context pressure in replay

    @Test
    void replaySeesASessionAt96PercentOfItsWindowFromThePreflightLine() throws Exception {
        String preflight = line("02-failover-cascade-429-529-unknown-model.debug.jsonl", "preflightCompaction check:");
        String near = preflight.replace("tokenCount=1 ", "tokenCount=126407 ").replace("contextWindow=200000", "contextWindow=131072")
                .replace("threshold=180000", "threshold=111072");
        Replay.Result r = replay(List.of(near));
        assertThat(incidents(r)).containsExactly("context_pressure{agent=main,session=lab-s1} critical x1");
        assertThat(only(r, IncidentType.CONTEXT_PRESSURE).summary()).contains("96 %").contains("126407 of 131072");
    }
}
