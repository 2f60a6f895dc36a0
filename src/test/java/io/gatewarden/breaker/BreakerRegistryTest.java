package io.gatewarden.breaker;

import io.gatewarden.act.ChainSnapshot;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BreakerRegistryTest {
    private static final java.util.Map<BreakerRegistry, io.gatewarden.testsupport.BreakerFeed> feeds = new java.util.IdentityHashMap<>();

    /** Events reach the registry as in the pipeline: through the run model's request stream. */
    static synchronized io.gatewarden.testsupport.BreakerFeed feed(BreakerRegistry r) {
        return feeds.computeIfAbsent(r, io.gatewarden.testsupport.BreakerFeed::new);
    }

    static final Path LOGS = Path.of("src/test/resources/fixtures/openclaw/logs");
    static final Path CONFIGS = Path.of("src/test/resources/fixtures/openclaw/configs");
    static final Path SEED_LOG = Path.of("src/test/resources/act/seed-opus-429-two-profiles.jsonl");
    static final Path SEED_CONFIG = Path.of("src/test/resources/act/seed-openclaw.json");

    @TempDir Path dir;

    static ConfiguredProfiles profilesOf(Path config) throws Exception {
        return new ConfiguredProfiles(ChainSnapshot.read(config, null).profilesByProvider());
    }

    /** Feeds a log file the way replay does: the clock follows the lines' own time. */
    static List<BreakerTransition> replay(BreakerRegistry r, MutableClock clock, Path log) throws Exception {
        List<BreakerTransition> all = new ArrayList<>();
        for (GatewayEvent e : MiniOpenClawParser.parseFile(log)) {
            if (e.time() != null && e.time().isAfter(clock.instant())) clock.set(e.time());
            all.addAll(feed(r).accept(e));
        }
        return all;
    }

    @Test
    void fixture02_storm_opensThePrimarysBreakerAtItsThirdFailedRequest_notAfterTheRun() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
        BreakerRegistry r = new BreakerRegistry(BreakerSettings.defaults(), clock, profilesOf(CONFIGS.resolve("01-initial-openclaw.json")), null);
        List<BreakerTransition> ts = replay(r, clock, LOGS.resolve("02-failover-cascade-429-529-unknown-model.info.jsonl"));

        BreakerTransition first = ts.get(0);
        assertThat(first.key()).isEqualTo(new BreakerKey("fakeoa:default", "fakeoa/rl-429"));
        assertThat(first.to()).isEqualTo(BreakerStatus.OPEN);
        // 1st failed request 12:02:10.651, retries 1 and 2 fail at 12:02:12.479 and 12:02:14.417: open at the 3rd request
        assertThat(first.at()).isEqualTo(Instant.parse("2026-11-23T12:02:14.417Z"));
        assertThat(first.why()).startsWith("3 consecutive rate_limit failures");
        assertThat(ts).filteredOn(t -> t.key().modelRef().equals("fakeanth/ovl-529") && t.to() == BreakerStatus.OPEN)
                .first().satisfies(t -> assertThat(t.at()).isEqualTo(Instant.parse("2026-11-23T12:04:43.161Z")));
        // model_not_found is not a provider-health failure; the rung that answered is closed
        assertThat(r.status(new BreakerKey("anthropic:default", "anthropic/claude-sonnet-4-5"))).isEqualTo(BreakerStatus.CLOSED);
        assertThat(r.forModel("anthropic/claude-sonnet-4-5")).isEmpty();
        assertThat(r.status(new BreakerKey("fakeoa:default", "fakeoa/ok"))).isEqualTo(BreakerStatus.CLOSED);
        assertThat(r.forModel("fakeoa/ok")).singleElement().satisfies(s -> assertThat(s.windowSuccesses()).isEqualTo(1));
    }

    @Test
    void oneFailedRequestCountsOnce_thoughTheGatewayWritesThreeLinesAboutIt() {
        MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
        BreakerRegistry r = new BreakerRegistry(BreakerSettings.defaults(), clock, null, null);
        Instant t = clock.instant();
        String ref = "fakeoa/rl-429";
        for (int i = 0; i < 2; i++) { // two requests: fetch + attempt end + retry line each
            feed(r).accept(Events.fetch(t, ref, 429));
            feed(r).accept(Events.attemptFailed(t, "run-1", ref, "rate_limit"));
            feed(r).accept(Events.retry(t, ref, "rate_limit"));
        }
        feed(r).accept(Events.failover(t, "run-1", ref, null, "rate_limit", 429)); // run-level echoes
        feed(r).accept(Events.candidateFailed(t, "run-1", ref, "rate_limit", 429));
        BreakerSnapshot s = r.forModel(ref).get(0);
        assertThat(s.windowFailures()).isEqualTo(2);
        assertThat(s.status()).isEqualTo(BreakerStatus.CLOSED);
        feed(r).accept(Events.attemptFailed(t, "run-1", ref, "rate_limit"));
        assertThat(r.status(s.key())).isEqualTo(BreakerStatus.OPEN);
    }

    @Test
    void rungsWithoutARequestAreNeverFailures() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
        BreakerRegistry r = new BreakerRegistry(BreakerSettings.defaults(), clock, profilesOf(CONFIGS.resolve("05-nokey-scenario-openclaw.json")), null);
        replay(r, clock, LOGS.resolve("05-cooldown-skip-and-no-api-key.info.jsonl"));
        // nokeyremote/m1 had no key: the gateway failed it with a synthetic 401 before sending anything — a skip
        assertThat(r.forModel("nokeyremote/m1")).isEmpty();
        // fakeoa rungs were skipped (gateway cooldown): no request, no evidence either way
        assertThat(r.forModel("fakeoa/quota-429")).isEmpty();
        assertThat(r.forModel("fakeoa/ok")).isEmpty();
    }

    @Test
    void seedIncident_opus429OnTwoProfiles_opensBothOpusBreakers_sonnetStaysClosed() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-23T13:59:00Z");
        BreakerRegistry r = new BreakerRegistry(BreakerSettings.defaults(), clock, profilesOf(SEED_CONFIG), dir.resolve("breakers.json"));
        List<BreakerTransition> ts = replay(r, clock, SEED_LOG);

        BreakerKey opusDefault = new BreakerKey("anthropic:default", "anthropic/claude-opus-4-5");
        BreakerKey opusWork = new BreakerKey("anthropic:work", "anthropic/claude-opus-4-5");
        BreakerKey sonnetDefault = new BreakerKey("anthropic:default", "anthropic/claude-sonnet-4-6");
        List<BreakerKey> opened = ts.stream().filter(t -> t.to() == BreakerStatus.OPEN).map(BreakerTransition::key).toList();
        assertThat(opened.subList(0, 2)).as("profile A first, then B after the gateway rotated").containsExactly(opusDefault, opusWork);
        assertThat(opened).as("run 2 re-opens them after their 30 s wait; nothing else opens").containsOnly(opusDefault, opusWork);
        assertThat(r.status(opusDefault)).isEqualTo(BreakerStatus.OPEN);
        assertThat(r.status(opusWork)).isEqualTo(BreakerStatus.OPEN);
        assertThat(r.isModelOpen("anthropic/claude-sonnet-4-6")).isFalse();
        assertThat(r.status(sonnetDefault)).isEqualTo(BreakerStatus.CLOSED);
        assertThat(r.forModel("anthropic/claude-sonnet-4-6")).as("a skipped rung gets no failures").isEmpty();
        // the missing key made no request: a skip, never a failure of openai/gpt-4.1 (the chain lint reports the rung)
        assertThat(r.forModel("openai/gpt-4.1")).isEmpty();
        assertThat(r.forModel("ollama/qwen2.5:latest")).as("model_not_found is not counted").isEmpty();
    }

    @Test
    void hashedProfileIdsResolveToConfiguredProfiles() throws Exception {
        ConfiguredProfiles p = profilesOf(CONFIGS.resolve("09-rate-limit-cooldown-openclaw.json"));
        assertThat(ConfiguredProfiles.hashOf("fakerl:default")).isEqualTo("sha256:8591d81ebb18"); // as logged in fixture 09
        assertThat(p.resolve("fakerl", "sha256:8591d81ebb18", Instant.EPOCH)).isEqualTo("fakerl:default");
        assertThat(p.resolve("fakeoa", "sha256:3b94924e0061", Instant.EPOCH)).isEqualTo("fakeoa:default");
        assertThat(p.resolve("fakerl", "sha256:000000000000", Instant.EPOCH)).as("unknown hash kept").isEqualTo("sha256:000000000000");
        assertThat(p.resolve("fakerl", null, Instant.EPOCH)).isEqualTo("fakerl:default");
        assertThat(p.resolve("fakeanth", null, Instant.EPOCH)).as("no configured profile").isEqualTo("fakeanth:default");
    }

    @Test
    void anonymousRequestsFollowTheGatewaysRotationPastACoolingProfile() {
        ConfiguredProfiles p = new ConfiguredProfiles(Map.of("anthropic", List.of("anthropic:default", "anthropic:work")));
        Instant t = Instant.parse("2026-11-23T12:00:00Z");
        assertThat(p.resolve("anthropic", null, t)).isEqualTo("anthropic:default");
        p.onProfileUnavailable("anthropic", ConfiguredProfiles.hashOf("anthropic:default"), t.plusSeconds(30));
        assertThat(p.resolve("anthropic", null, t.plusSeconds(1))).isEqualTo("anthropic:work");
        p.onProfileUnavailable("anthropic", "anthropic:work", t.plusSeconds(20));
        assertThat(p.resolve("anthropic", null, t.plusSeconds(2))).as("all cooling: the one free first").isEqualTo("anthropic:work");
        assertThat(p.resolve("anthropic", null, t.plusSeconds(31))).isEqualTo("anthropic:default");
    }

    @Test
    void runSuccessIsAttributedToThePrimary_butTheStartAckIsNot() {
        MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
        BreakerRegistry r = new BreakerRegistry(BreakerSettings.defaults(), clock, null, null);
        feed(r).primary(() -> "fakeoa/rl-429");
        BreakerKey k = new BreakerKey("fakeoa:default", "fakeoa/rl-429");
        for (int i = 0; i < 3; i++) r.recordFailure(k, "rate_limit");
        clock.advance(Duration.ofSeconds(31));
        r.tick();
        assertThat(r.status(k)).isEqualTo(BreakerStatus.HALF_OPEN);
        MiniOpenClawParser parser = new MiniOpenClawParser();
        String ack = "{\"0\":\"{\\\"subsystem\\\":\\\"gateway/ws\\\"}\",\"1\":\"⇄ res ✓ agent 120ms runId=r9 conn=x id=2:y\",\"time\":\"2026-11-23T12:00:31.000+00:00\",\"message\":\"⇄ res ✓ agent 120ms runId=r9 conn=x id=2:y\"}";
        feed(r).accept(parser.parse(ack));
        assertThat(r.status(k)).as("the ack is written when a run starts").isEqualTo(BreakerStatus.HALF_OPEN);
        String end = "{\"0\":\"{\\\"subsystem\\\":\\\"agents/agent-command\\\"}\",\"1\":\"[agent] run r9 ended with stopReason=stop\",\"time\":\"2026-11-23T12:00:34.000+00:00\",\"message\":\"[agent] run r9 ended with stopReason=stop\"}";
        List<BreakerTransition> t = feed(r).accept(parser.parse(end));
        assertThat(t).singleElement().satisfies(tr -> {
            assertThat(tr.to()).isEqualTo(BreakerStatus.CLOSED);
            assertThat(tr.why()).contains("run ended with stopReason=stop");
        });
    }

    @Test
    void aRunThatEndsWellCreditsTheModelItRetried_butNotOneItLeft() {
        MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
        BreakerRegistry r = new BreakerRegistry(BreakerSettings.defaults(), clock, null, null);
        feed(r).primary(() -> "p/primary");
        MiniOpenClawParser parser = new MiniOpenClawParser();
        String end = "{\"1\":\"[agent] run %s ended with stopReason=stop\",\"time\":\"2026-11-23T12:00:10.000+00:00\",\"message\":\"[agent] run %s ended with stopReason=stop\"}";
        feed(r).accept(Events.attemptFailed(clock.instant(), "r1", "p/x", "overloaded"));
        feed(r).accept(Events.attemptFailed(clock.instant(), "r1", "p/x", "overloaded"));
        feed(r).accept(parser.parse(end.formatted("r1", "r1")));
        assertThat(r.forModel("p/x")).singleElement().satisfies(s -> {
            assertThat(s.windowSuccesses()).as("the same-model retry finally worked").isEqualTo(1);
            assertThat(s.consecutiveFailures()).isZero();
        });
        feed(r).accept(Events.attemptFailed(clock.instant(), "r2", "p/x", "overloaded"));
        feed(r).accept(Events.failover(clock.instant(), "r2", "p/x", null, "overloaded", 529));
        feed(r).accept(parser.parse(end.formatted("r2", "r2")));
        assertThat(r.forModel("p/x")).singleElement().satisfies(s -> assertThat(s.windowSuccesses()).isEqualTo(1));
        assertThat(r.forModel("p/primary")).as("nor credited to the primary").isEmpty();
    }

    @Test
    void statesSurviveARestart_andListenersHearTransitions() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
        Path state = dir.resolve("state/breakers.json");
        BreakerRegistry r1 = new BreakerRegistry(BreakerSettings.defaults(), clock, null, state);
        List<BreakerTransition> heard = new ArrayList<>();
        r1.addListener(heard::add);
        BreakerKey k = new BreakerKey("anthropic:default", "anthropic/claude-opus-4-5");
        for (int i = 0; i < 3; i++) feed(r1).accept(Events.attemptFailed(clock.instant(), "r" + i, k.modelRef(), "rate_limit"));
        assertThat(heard).extracting(BreakerTransition::to).containsExactly(BreakerStatus.OPEN);
        Instant until = r1.forModel(k.modelRef()).get(0).openUntil();
        assertThat(Files.readString(state)).contains("\"status\" : \"OPEN\"", "anthropic:default");

        clock.advance(Duration.ofSeconds(10));
        BreakerRegistry r2 = new BreakerRegistry(BreakerSettings.defaults(), clock, null, state); // gatewarden restarted
        assertThat(r2.status(k)).isEqualTo(BreakerStatus.OPEN);
        assertThat(r2.forModel(k.modelRef()).get(0).openUntil()).isEqualTo(until);
        clock.advance(Duration.ofSeconds(20));
        assertThat(r2.tick()).singleElement().extracting(BreakerTransition::to).isEqualTo(BreakerStatus.HALF_OPEN);
        assertThat(r2.halfOpen()).containsExactly(k);
        r2.recordProbeResult(k, true, "200 from a 1-token probe");
        assertThat(r2.status(k)).isEqualTo(BreakerStatus.CLOSED);
        assertThat(r2.modelClosedSince(k.modelRef())).contains(clock.instant());
    }

    @Test
    void corruptStateFileIsSetAsideNotFatal() throws Exception {
        Path state = dir.resolve("breakers.json");
        Files.writeString(state, "{not json");
        BreakerRegistry r = new BreakerRegistry(BreakerSettings.defaults(), MutableClock.at("2026-11-23T12:00:00Z"), null, state);
        assertThat(r.size()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("breakers.json.corrupt-"));
        }
    }

    @Test
    void registryIsBounded_andKeepsOpenBreakersOverClosedOnes() {
        MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");
        BreakerSettings s = new BreakerSettings(null, null, null, null, null, null, null, 8, null);
        BreakerRegistry r = new BreakerRegistry(s, clock, null, null);
        BreakerKey hot = new BreakerKey("p:default", "p/hot");
        for (int i = 0; i < 3; i++) r.recordFailure(hot, "rate_limit");
        for (int i = 0; i < 50; i++) feed(r).accept(Events.succeeded(clock.instant(), "run" + i, "p/m" + i));
        assertThat(r.size()).isEqualTo(8);
        assertThat(r.status(hot)).isEqualTo(BreakerStatus.OPEN);
    }
}
