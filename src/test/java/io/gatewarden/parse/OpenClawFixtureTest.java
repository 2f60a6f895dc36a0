package io.gatewarden.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.gatewarden.parse.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The parser against every line of the real OpenClaw captures. */
class OpenClawFixtureTest {
    private final OpenClawLineParser parser = new OpenClawLineParser();

    private List<GatewayEvent> events(String file) {
        return Fixtures.lines(file).stream().map(parser::parse).toList();
    }

    private List<GatewayEvent> events(String file, EventType type) {
        return events(file).stream().filter(e -> e.type() == type).toList();
    }

    // ------------------------------------------------------------------ every line

    @Test
    void everyJsonFixtureLineParsesAndNoneIsMalformed() {
        List<String> files = Fixtures.jsonFiles();
        assertThat(files).hasSize(31).contains(Fixtures.FULL_RUN);
        int lines = 0;
        for (String file : files) {
            for (String line : Fixtures.lines(file)) {
                lines++;
                GatewayEvent[] out = new GatewayEvent[1];
                assertThatCode(() -> out[0] = parser.parse(line)).as("%s: %s", file, line).doesNotThrowAnyException();
                GatewayEvent e = out[0];
                assertThat(e).as("%s: %s", file, line).isNotNull();
                assertThat(e.type()).as("%s: %s", file, line).isNotEqualTo(MALFORMED);
                assertThat(e.time()).as("every tslog line has its own time: %s", line).isNotNull();
                assertThat(e.level()).as("level of %s", line).isBetween(1, 6);
                assertThat(e.raw()).hasSizeLessThanOrEqualTo(300);
                assertThat(line).startsWith(e.raw().substring(0, Math.min(40, e.raw().length())));
            }
        }
        assertThat(lines).isGreaterThan(2500);
    }

    @Test
    void consoleOutputIsNotJsonAndEveryLineIsMalformed() {
        List<String> lines = Fixtures.lines(Fixtures.CONSOLE);
        long malformed = lines.stream().map(parser::parse).filter(e -> e.type() == MALFORMED).count();
        assertThat(malformed).isEqualTo(lines.size()).isEqualTo(365);
        GatewayEvent first = parser.parse(lines.get(0));
        assertThat(first.detail()).startsWith("not JSON");
        assertThat(first.raw()).startsWith("2026-11-23T12:01:38.055+00:00 [gateway] loading configuration");
    }

    // ------------------------------------------------------------------ counts per file

    static Stream<Arguments> countsPerFile() {
        return Stream.of(
                Arguments.of("01-startup.info.jsonl", "GATEWAY_STARTING=2, GATEWAY_READY=1, GENERIC=19"),
                Arguments.of("02-failover-cascade-429-529-unknown-model.debug.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=2, FALLBACK_CANDIDATE_SUCCEEDED=1, SAME_MODEL_RETRY=16, RETRY_WINDOW_ELAPSED=1,"
                                + " RUN_FAILOVER_DECISION=2, RUN_ATTEMPT_FAILED=18, UNKNOWN_MODEL=4, CONTEXT_USAGE=21, MODEL_FETCH=19,"
                                + " LANE_ERROR=4, RUN_ACCEPTED=1, RUN_SUCCEEDED=1, GENERIC=366"),
                Arguments.of("02-failover-cascade-429-529-unknown-model.info.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=2, FALLBACK_CANDIDATE_SUCCEEDED=1, SAME_MODEL_RETRY=16, RETRY_WINDOW_ELAPSED=1,"
                                + " RUN_FAILOVER_DECISION=2, RUN_ATTEMPT_FAILED=18, UNKNOWN_MODEL=4, MODEL_FETCH=18, LANE_ERROR=4,"
                                + " RUN_ACCEPTED=1, RUN_SUCCEEDED=1, GENERIC=66"),
                Arguments.of("03-hot-reload-auth-paste-and-primary-switch.info.jsonl",
                        "CONFIG_CHANGE_DETECTED=2, CONFIG_RELOAD_APPLIED=2, GENERIC=6"),
                Arguments.of("04-quota-billing-disable-then-fallback.info.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=1, FALLBACK_CANDIDATE_SUCCEEDED=1, RUN_FAILOVER_DECISION=1, RUN_ATTEMPT_FAILED=1,"
                                + " PROFILE_FAILURE_STATE=1, MODEL_FETCH=1, LANE_ERROR=2, RUN_ACCEPTED=1, RUN_SUCCEEDED=1, GENERIC=7"),
                Arguments.of("05-cooldown-skip-and-no-api-key.info.jsonl",
                        "FALLBACK_CANDIDATE_SKIPPED=2, FALLBACK_CANDIDATE_SUCCEEDED=1, MISSING_API_KEY=3, RUN_ACCEPTED=1,"
                                + " RUN_SUCCEEDED=1, CONFIG_CHANGE_DETECTED=1, CONFIG_RELOAD_APPLIED=1, GENERIC=2"),
                Arguments.of("06-chain-exhausted-all-models-failed.info.jsonl",
                        "FALLBACK_CANDIDATE_SKIPPED=1, CHAIN_EXHAUSTED=3, MISSING_API_KEY=2, RUN_ACCEPTED=1,"
                                + " CONFIG_CHANGE_DETECTED=1, CONFIG_RELOAD_APPLIED=1, GENERIC=4"),
                Arguments.of("07-context-overflow.debug.jsonl",
                        "RUN_ATTEMPT_FAILED=1, CONTEXT_OVERFLOW=4, CONTEXT_USAGE=2, MODEL_FETCH=1, RUN_ACCEPTED=1,"
                                + " CONFIG_CHANGE_DETECTED=1, CONFIG_RELOAD_APPLIED=1, GENERIC=47"),
                Arguments.of("07-context-overflow.info.jsonl",
                        "RUN_ATTEMPT_FAILED=1, CONTEXT_OVERFLOW=4, MODEL_FETCH=1, RUN_ACCEPTED=1, CONFIG_CHANGE_DETECTED=1,"
                                + " CONFIG_RELOAD_APPLIED=1, GENERIC=2"),
                Arguments.of("08-tool-use-id-format-error.info.jsonl",
                        "FALLBACK_CANDIDATE_SUCCEEDED=1, RUN_FAILOVER_DECISION=1, RUN_ATTEMPT_FAILED=1, REQUEST_REJECTED=3,"
                                + " MODEL_FETCH=1, RUN_ACCEPTED=1, RUN_SUCCEEDED=1, CONFIG_CHANGE_DETECTED=4, CONFIG_RELOAD_APPLIED=4,"
                                + " GENERIC=7"),
                Arguments.of("09-rate-limit-profile-cooldown-and-abort.info.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=1, FALLBACK_CANDIDATE_SUCCEEDED=1, FALLBACK_CHAIN_STOPPED=1, SAME_MODEL_RETRY=18,"
                                + " RUN_FAILOVER_DECISION=1, RUN_ATTEMPT_FAILED=19, PROFILE_FAILURE_STATE=1, MODEL_FETCH=19,"
                                + " LANE_ERROR=4, RUN_ACCEPTED=1, RUN_SUCCEEDED=1, GENERIC=88"),
                Arguments.of("10-restart-via-cli-sigusr2.info.jsonl",
                        "GATEWAY_READY=1, GATEWAY_RESTARTING=1, GATEWAY_STOPPED=1, GENERIC=19"),
                Arguments.of("11-invalid-config-reload-skipped.info.jsonl", "CONFIG_RELOAD_SKIPPED=2, GENERIC=1"),
                Arguments.of("12-restart-required-config-change.info.jsonl",
                        "CONFIG_CHANGE_DETECTED=1, CONFIG_RESTART_REQUIRED=1, GATEWAY_READY=1, GATEWAY_RESTARTING=1,"
                                + " GATEWAY_STOPPED=1, GENERIC=20"),
                Arguments.of("13-sigterm-stop.info.jsonl", "GATEWAY_STOPPING=1, GATEWAY_STOPPED=1, GENERIC=4"),
                Arguments.of("14-cooldown-skip-same-profile-sibling.debug.jsonl",
                        // the lane, ws and CLI lines quoting "Auth profile … is temporarily unavailable for fakeoa/ok"
                        // end runs 1 and 3: each is an exhausted chain (a refused rung), not a bare lane error
                        "FALLBACK_CANDIDATE_FAILED=6, FALLBACK_CANDIDATE_SKIPPED=2, CHAIN_EXHAUSTED=18, SAME_MODEL_RETRY=8,"
                        + " RUN_FAILOVER_DECISION=4, RUN_ATTEMPT_FAILED=12, PROFILE_FAILURE_STATE=4, CONTEXT_USAGE=16,"
                        + " MODEL_FETCH=12, LANE_ERROR=8, RUN_ACCEPTED=4, CONFIG_CHANGE_DETECTED=1,"
                        + " CONFIG_RELOAD_APPLIED=1, GENERIC=294"),
                Arguments.of("14-cooldown-skip-same-profile-sibling.info.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=6, FALLBACK_CANDIDATE_SKIPPED=2, CHAIN_EXHAUSTED=18, SAME_MODEL_RETRY=8,"
                        + " RUN_FAILOVER_DECISION=4, RUN_ATTEMPT_FAILED=12, PROFILE_FAILURE_STATE=4, MODEL_FETCH=12,"
                        + " LANE_ERROR=8, RUN_ACCEPTED=4, CONFIG_CHANGE_DETECTED=1, CONFIG_RELOAD_APPLIED=1,"
                        + " GENERIC=57"),
                Arguments.of("14b-rate-limit-two-rung-sibling-tried.debug.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=3, FALLBACK_CANDIDATE_SUCCEEDED=3, SAME_MODEL_RETRY=6,"
                        + " RUN_FAILOVER_DECISION=3, RUN_ATTEMPT_FAILED=9, PROFILE_FAILURE_STATE=3, CONTEXT_USAGE=18,"
                        + " MODEL_FETCH=12, LANE_ERROR=6, RUN_ACCEPTED=3, RUN_SUCCEEDED=3, CONFIG_CHANGE_DETECTED=1,"
                        + " CONFIG_RELOAD_APPLIED=1, GENERIC=284"),
                Arguments.of("14b-rate-limit-two-rung-sibling-tried.info.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=3, FALLBACK_CANDIDATE_SUCCEEDED=3, SAME_MODEL_RETRY=6,"
                        + " RUN_FAILOVER_DECISION=3, RUN_ATTEMPT_FAILED=9, PROFILE_FAILURE_STATE=3, MODEL_FETCH=9, LANE_ERROR=6,"
                        + " RUN_ACCEPTED=3, RUN_SUCCEEDED=3, CONFIG_CHANGE_DETECTED=1, CONFIG_RELOAD_APPLIED=1, GENERIC=39"),
                Arguments.of("14c-billing-two-rung-sibling-skipped.debug.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=1, FALLBACK_CANDIDATE_SKIPPED=2, CHAIN_EXHAUSTED=10,"
                        + " RUN_FAILOVER_DECISION=1, RUN_ATTEMPT_FAILED=1, PROFILE_FAILURE_STATE=1, CONTEXT_USAGE=4,"
                        + " MODEL_FETCH=1, LANE_ERROR=2, RUN_ACCEPTED=2, CONFIG_CHANGE_DETECTED=1,"
                        + " CONFIG_RELOAD_APPLIED=1, GENERIC=86"),
                Arguments.of("14c-billing-two-rung-sibling-skipped.info.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=1, FALLBACK_CANDIDATE_SKIPPED=2, CHAIN_EXHAUSTED=10,"
                        + " RUN_FAILOVER_DECISION=1, RUN_ATTEMPT_FAILED=1, PROFILE_FAILURE_STATE=1, MODEL_FETCH=1, LANE_ERROR=2,"
                        + " RUN_ACCEPTED=2, CONFIG_CHANGE_DETECTED=1, CONFIG_RELOAD_APPLIED=1, GENERIC=29"),
                Arguments.of("15-session-rejected-every-run.debug.jsonl",
                        "CHAIN_EXHAUSTED=15, RUN_FAILOVER_DECISION=15, RUN_ATTEMPT_FAILED=15, CONTEXT_USAGE=23,"
                        + " REQUEST_REJECTED=40, MODEL_FETCH=16, RUN_ACCEPTED=5, RUN_SUCCEEDED=1, GENERIC=361"),
                Arguments.of("15-session-rejected-every-run.info.jsonl",
                        "CHAIN_EXHAUSTED=15, RUN_FAILOVER_DECISION=15, RUN_ATTEMPT_FAILED=15, REQUEST_REJECTED=40,"
                        + " MODEL_FETCH=15, RUN_ACCEPTED=5, RUN_SUCCEEDED=1, GENERIC=50"),
                Arguments.of("16-preflight-near-context-window.debug.jsonl",
                        "CONTEXT_USAGE=15, MODEL_FETCH=7, RUN_ACCEPTED=4, RUN_SUCCEEDED=4, GENERIC=223"),
                Arguments.of("16-preflight-near-context-window.info.jsonl",
                        "RUN_ACCEPTED=4, RUN_SUCCEEDED=4, GENERIC=27"),
                // the session levers (issue 13): sessions compact / archive, the archived run, preflight lines
                Arguments.of("17-session-actions.debug.jsonl",
                        "CHAIN_EXHAUSTED=6, RUN_FAILOVER_DECISION=6, RUN_ATTEMPT_FAILED=6, CONTEXT_USAGE=44, REQUEST_REJECTED=24,"
                        + " MODEL_FETCH=19, RUN_ACCEPTED=10, RUN_SUCCEEDED=10, RUN_FAILED=1, GENERIC=572"),
                Arguments.of("17-session-actions.info.jsonl",
                        "CHAIN_EXHAUSTED=6, RUN_FAILOVER_DECISION=6, RUN_ATTEMPT_FAILED=6, REQUEST_REJECTED=24, MODEL_FETCH=6,"
                        + " RUN_ACCEPTED=10, RUN_SUCCEEDED=10, RUN_FAILED=1, GENERIC=88"),
                // heartbeats and cron jobs (issue 16): successes are [model-fetch] responses, DEBUG only
                Arguments.of("21-heartbeat-and-cron-load.debug.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=1, CHAIN_EXHAUSTED=3, SAME_MODEL_RETRY=4, RUN_FAILOVER_DECISION=2,"
                        + " RUN_ATTEMPT_FAILED=6, CONTEXT_USAGE=28, MODEL_FETCH=20, LANE_ERROR=4, RUN_ACCEPTED=1,"
                        + " RUN_SUCCEEDED=1, GENERIC=716"),
                Arguments.of("21-heartbeat-and-cron-load.info.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=1, CHAIN_EXHAUSTED=3, SAME_MODEL_RETRY=4, RUN_FAILOVER_DECISION=2,"
                        + " RUN_ATTEMPT_FAILED=6, MODEL_FETCH=6, LANE_ERROR=4, RUN_ACCEPTED=1, RUN_SUCCEEDED=1, GENERIC=83"),
                Arguments.of("21i-heartbeat-and-cron-load-info-level.info.jsonl",
                        "FALLBACK_CANDIDATE_FAILED=1, CHAIN_EXHAUSTED=3, SAME_MODEL_RETRY=4, RUN_FAILOVER_DECISION=2,"
                        + " RUN_ATTEMPT_FAILED=6, MODEL_FETCH=6, LANE_ERROR=4, RUN_ACCEPTED=2, RUN_SUCCEEDED=1, GENERIC=68"),
                Arguments.of(Fixtures.FULL_RUN,
                        "FALLBACK_CANDIDATE_FAILED=4, FALLBACK_CANDIDATE_SKIPPED=3, FALLBACK_CANDIDATE_SUCCEEDED=5, CHAIN_EXHAUSTED=3,"
                                + " FALLBACK_CHAIN_STOPPED=1, SAME_MODEL_RETRY=34, RETRY_WINDOW_ELAPSED=1, RUN_FAILOVER_DECISION=5,"
                                + " RUN_ATTEMPT_FAILED=40, PROFILE_FAILURE_STATE=2, MISSING_API_KEY=5, UNKNOWN_MODEL=4,"
                                + " CONTEXT_OVERFLOW=4, CONTEXT_USAGE=58, REQUEST_REJECTED=3, MODEL_FETCH=45, LANE_ERROR=10,"
                                + " RUN_ACCEPTED=7, RUN_SUCCEEDED=5, CONFIG_CHANGE_DETECTED=10, CONFIG_RELOAD_APPLIED=9,"
                                + " CONFIG_RELOAD_SKIPPED=2, CONFIG_RESTART_REQUIRED=1, GATEWAY_STARTING=2, GATEWAY_READY=3,"
                                + " GATEWAY_RESTARTING=2, GATEWAY_STOPPING=1, GATEWAY_STOPPED=3, GENERIC=1468"),
                Arguments.of(Fixtures.CONSOLE, "MALFORMED=365"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("countsPerFile")
    void countOfEachTypePerFile(String file, String expected) {
        Map<EventType, Integer> want = new EnumMap<>(EventType.class);
        for (String part : expected.split(",\\s*")) {
            String[] kv = part.split("=");
            want.put(EventType.valueOf(kv[0].trim()), Integer.parseInt(kv[1].trim()));
        }
        Map<EventType, Integer> got = new EnumMap<>(EventType.class);
        for (GatewayEvent e : events(file)) got.merge(e.type(), 1, Integer::sum);
        assertThat(got).isEqualTo(want);
    }

    @Test
    void countTableCoversEveryFixtureFile() {
        List<Object> covered = countsPerFile().map(a -> a.get()[0]).toList();
        assertThat(covered).containsAll(Fixtures.jsonFiles()).contains(Fixtures.CONSOLE);
    }

    // ------------------------------------------------------------------ scenarios

    @Test
    void startupLinesCarryTimeLevelAndSubsystem() {
        List<GatewayEvent> all = events("01-startup.info.jsonl");
        GatewayEvent cli = all.get(0);
        assertThat(cli.type()).isEqualTo(GENERIC);
        assertThat(cli.time()).isEqualTo(Instant.parse("2026-11-23T12:01:26.982Z"));
        assertThat(cli.subsystem()).isNull();
        GatewayEvent loading = all.get(1);
        assertThat(loading.type()).isEqualTo(GATEWAY_STARTING);
        assertThat(loading.subsystem()).isEqualTo("gateway");
        assertThat(loading.level()).isEqualTo(3);
        assertThat(loading.time()).isEqualTo(Instant.parse("2026-11-23T12:01:38.050Z"));
        assertThat(events("01-startup.info.jsonl", GATEWAY_READY)).singleElement()
                .extracting(GatewayEvent::time).isEqualTo(Instant.parse("2026-11-23T12:01:54.658Z"));
        assertThat(all).filteredOn(e -> "cron".equals(e.subsystem())).hasSize(4);
    }

    @Test
    void cascadeSameModelRetriesForTheRateLimitedPrimary() {
        List<GatewayEvent> retries = events("02-failover-cascade-429-529-unknown-model.info.jsonl", SAME_MODEL_RETRY);
        List<GatewayEvent> rl = retries.stream().filter(e -> "rl-429".equals(e.model())).toList();
        assertThat(rl).hasSize(9).allSatisfy(e -> {
            assertThat(e.provider()).isEqualTo("fakeoa");
            assertThat(e.reason()).isEqualTo("rate_limit");
            assertThat(e.attr("of")).isEqualTo("9");
            assertThat(e.attr("delayMs")).matches("\\d+");
            assertThat(e.level()).isEqualTo(4);
        });
        assertThat(rl).extracting(e -> e.attr("retry")).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(rl.get(0).attr("delayMs")).isEqualTo("1051");
    }

    @Test
    void cascadeOverloadedFallbackRetriesUntilTheWindowElapses() {
        List<GatewayEvent> retries = events("02-failover-cascade-429-529-unknown-model.info.jsonl", SAME_MODEL_RETRY);
        List<GatewayEvent> ovl = retries.stream().filter(e -> "ovl-529".equals(e.model())).toList();
        // 8 allowed, the 8th never happens: the retry window elapses after 7
        assertThat(ovl).hasSize(7).allSatisfy(e -> {
            assertThat(e.provider()).isEqualTo("fakeanth");
            assertThat(e.reason()).isEqualTo("overloaded");
            assertThat(e.attr("of")).isEqualTo("8");
        });
        assertThat(ovl).extracting(e -> e.attr("retry")).containsExactly("1", "2", "3", "4", "5", "6", "7");
        GatewayEvent elapsed = events("02-failover-cascade-429-529-unknown-model.info.jsonl", RETRY_WINDOW_ELAPSED).get(0);
        assertThat(elapsed.modelRef()).isEqualTo("fakeanth/ovl-529");
        assertThat(elapsed.attrs()).containsEntry("retry", "7").containsEntry("of", "8");
    }

    @Test
    void cascadeFallbackDecisionsNameTheFailedRungWithReasonAndStatus() {
        String f = "02-failover-cascade-429-529-unknown-model.info.jsonl";
        List<GatewayEvent> failed = events(f, FALLBACK_CANDIDATE_FAILED);
        assertThat(failed).hasSize(2);
        GatewayEvent primary = failed.get(0);
        assertThat(primary.modelRef()).isEqualTo("fakeoa/rl-429");
        assertThat(primary.reason()).isEqualTo("rate_limit");
        assertThat(primary.status()).isEqualTo(429);
        assertThat(primary.runId()).isEqualTo("ead177c3-7cfb-445c-9dbd-bd413dd1017f");
        assertThat(primary.session()).isEqualTo("lab-s1");
        assertThat(primary.subsystem()).isEqualTo("model-fallback/decision");
        assertThat(primary.attrs()).containsEntry("attempt", "1").containsEntry("total", "4")
                .containsEntry("nextProvider", "fakeanth").containsEntry("nextModel", "ovl-529")
                .containsEntry("requestedProvider", "fakeoa").containsEntry("requestedModel", "rl-429")
                .containsEntry("isPrimary", "true").containsEntry("errorHash", "sha256:50d7a3a90d02")
                .containsEntry("decision", "candidate_failed").containsEntry("outcome", "next_fallback");
        assertThat(primary.detail()).startsWith("429 Rate limit reached");
        GatewayEvent second = failed.get(1);
        assertThat(second.modelRef()).isEqualTo("fakeanth/ovl-529");
        assertThat(second.reason()).isEqualTo("overloaded");
        assertThat(second.status()).isEqualTo(529);
        assertThat(second.attrs()).containsEntry("attempt", "2").containsEntry("isPrimary", "false")
                .containsEntry("nextProvider", "anthropic").containsEntry("nextModel", "claude-sonnet-4-5");

        GatewayEvent ok = events(f, FALLBACK_CANDIDATE_SUCCEEDED).get(0);
        assertThat(ok.modelRef()).isEqualTo("fakeoa/ok");
        assertThat(ok.attrs()).containsEntry("attempt", "4").containsEntry("outcome", "succeeded");
    }

    @Test
    void cascadeUnknownModelFromDecisionLanesAndFallbackNotice() {
        List<GatewayEvent> unknown = events("02-failover-cascade-429-529-unknown-model.info.jsonl", UNKNOWN_MODEL);
        assertThat(unknown).hasSize(4).allSatisfy(e -> {
            assertThat(e.modelRef()).isEqualTo("anthropic/claude-sonnet-4-5");
            assertThat(e.reason()).isEqualTo("model_not_found");
        });
        assertThat(unknown).extracting(e -> e.attr("source")).containsExactly("lane", "lane", "decision", null);
        GatewayEvent decision = unknown.get(2);
        assertThat(decision.runId()).isEqualTo("ead177c3-7cfb-445c-9dbd-bd413dd1017f");
        assertThat(decision.attrs()).containsEntry("decision", "candidate_failed").containsEntry("attempt", "3");
        assertThat(unknown.get(1).session()).isEqualTo("lab-s1");
        assertThat(unknown.get(1).agent()).isEqualTo("main");
        assertThat(unknown.get(3).attr("fellBackTo")).isEqualTo("fakeoa/ok");
    }

    @Test
    void cascadeRunLifecycleFetchesAndFailover() {
        String f = "02-failover-cascade-429-529-unknown-model.info.jsonl";
        String run = "ead177c3-7cfb-445c-9dbd-bd413dd1017f";
        assertThat(events(f, RUN_ACCEPTED)).singleElement().extracting(GatewayEvent::runId).isEqualTo(run);
        assertThat(events(f, RUN_SUCCEEDED)).singleElement().satisfies(e -> {
            assertThat(e.runId()).isEqualTo(run);
            assertThat(e.attr("stopReason")).isEqualTo("stop");
        });
        List<GatewayEvent> fetches = events(f, MODEL_FETCH);
        assertThat(fetches).filteredOn(e -> e.status() == 429 && "fakeoa/rl-429".equals(e.modelRef())).hasSize(10);
        assertThat(fetches).filteredOn(e -> e.status() == 529 && "fakeanth/ovl-529".equals(e.modelRef())).hasSize(8);
        assertThat(fetches.get(0).attrs()).containsEntry("api", "openai-completions").containsEntry("elapsedMs", "74");
        List<GatewayEvent> failover = events(f, RUN_FAILOVER_DECISION);
        assertThat(failover).extracting(GatewayEvent::modelRef).containsExactly("fakeoa/rl-429", "fakeanth/ovl-529");
        assertThat(failover.get(0).attrs()).containsEntry("retryCount", "9").containsEntry("decision", "fallback_model");
        assertThat(failover.get(1).status()).isEqualTo(529);
        assertThat(events(f, RUN_ATTEMPT_FAILED)).hasSize(18)
                .allSatisfy(e -> assertThat(e.runId()).isEqualTo(run))
                .filteredOn(e -> "rate_limit".equals(e.reason())).hasSize(10);
        List<GatewayEvent> lanes = events(f, LANE_ERROR);
        assertThat(lanes).extracting(e -> e.attr("lane")).containsExactly(
                "main", "session:agent:main:explicit:lab-s1", "main", "session:agent:main:explicit:lab-s1");
        assertThat(lanes).extracting(GatewayEvent::session).containsExactly(null, "lab-s1", null, "lab-s1");
        assertThat(lanes).extracting(GatewayEvent::reason).containsExactly("rate_limit", "rate_limit", "overloaded", "overloaded");
    }

    @Test
    void debugSliceReportsContextUsage() {
        List<GatewayEvent> usage = events("02-failover-cascade-429-529-unknown-model.debug.jsonl", CONTEXT_USAGE);
        assertThat(usage).allSatisfy(e -> {
            assertThat(e.session()).isEqualTo("lab-s1");
            assertThat(e.attr("tokens")).matches("\\d+");
            assertThat(e.attr("contextTokens")).matches("\\d+");
            assertThat(e.level()).isEqualTo(2);
        });
        assertThat(usage).filteredOn(e -> "preflight".equals(e.attr("source"))).first()
                .satisfies(e -> assertThat(e.attrs()).containsEntry("tokens", "1").containsEntry("contextTokens", "200000")
                        .containsEntry("threshold", "180000"));
        assertThat(usage).filteredOn(e -> "precheck".equals(e.attr("source"))).first()
                .satisfies(e -> {
                    assertThat(e.modelRef()).isEqualTo("fakeoa/rl-429");
                    assertThat(e.attrs()).containsEntry("tokens", "18407").containsEntry("contextTokens", "200000");
                });
    }

    @Test
    void hotReloadAppliedWithPaths() {
        List<GatewayEvent> applied = events("03-hot-reload-auth-paste-and-primary-switch.info.jsonl", CONFIG_RELOAD_APPLIED);
        assertThat(applied).extracting(e -> e.attr("paths")).containsExactly(
                "auth.profiles",
                "agents.defaults.model.primary, agents.defaults.model.fallbacks, models.providers.fakeoa.apiKey,"
                        + " models.providers.nokey, plugins.entries.anthropic");
        assertThat(applied.get(0).detail()).isEqualTo("auth.profiles");
        assertThat(applied.get(0).subsystem()).isEqualTo("gateway/reload");
        assertThat(events("03-hot-reload-auth-paste-and-primary-switch.info.jsonl", CONFIG_CHANGE_DETECTED).get(0).attr("paths"))
                .isEqualTo("auth.profiles, meta");
    }

    @Test
    void quotaDisablesTheProfileUntilAnInstant() {
        String f = "04-quota-billing-disable-then-fallback.info.jsonl";
        GatewayEvent state = events(f, PROFILE_FAILURE_STATE).get(0);
        assertThat(state.profile()).isEqualTo("sha256:3b94924e0061");
        assertThat(state.provider()).isEqualTo("fakeoa");
        assertThat(state.reason()).isEqualTo("billing");
        assertThat(state.runId()).isEqualTo("94d62257-39c3-449b-914b-8efad6d2ebb3");
        assertThat(state.attrs()).containsEntry("windowType", "disabled")
                .containsEntry("disabledUntil", "2026-11-23T12:19:33.506Z")
                .containsEntry("until", "2026-11-23T12:19:33.506Z")
                .containsEntry("disabledReason", "billing")
                .containsEntry("errorCount", "1")
                .doesNotContainKey("cooldownUntil");
        // disabled for 10 minutes from the line's own time
        assertThat(Instant.parse(state.attr("disabledUntil"))).isAfter(state.time().plusSeconds(599));

        GatewayEvent failover = events(f, RUN_FAILOVER_DECISION).get(0);
        assertThat(failover.reason()).isEqualTo("billing");
        assertThat(failover.status()).isEqualTo(429);
        assertThat(failover.profile()).isEqualTo("sha256:3b94924e0061");
        GatewayEvent failed = events(f, FALLBACK_CANDIDATE_FAILED).get(0);
        assertThat(failed.reason()).isEqualTo("billing");
        assertThat(failed.attrs()).containsEntry("nextProvider", "nokey").containsEntry("nextModel", "m1");
        assertThat(events(f, FALLBACK_CANDIDATE_SUCCEEDED).get(0).modelRef()).isEqualTo("nokey/m1");
        assertThat(events(f, LANE_ERROR)).extracting(GatewayEvent::reason).containsOnly("billing");
    }

    @Test
    void cooldownSkipAndMissingApiKey() {
        String f = "05-cooldown-skip-and-no-api-key.info.jsonl";
        List<GatewayEvent> skipped = events(f, FALLBACK_CANDIDATE_SKIPPED);
        assertThat(skipped).hasSize(2).allSatisfy(e -> {
            assertThat(e.detail()).isEqualTo("Provider fakeoa is in cooldown");
            assertThat(e.provider()).isEqualTo("fakeoa");
            assertThat(e.reason()).isEqualTo("billing");
            assertThat(e.session()).isEqualTo("lab-s3");
        });
        assertThat(skipped).extracting(GatewayEvent::model).containsExactly("quota-429", "ok");

        List<GatewayEvent> noKey = events(f, MISSING_API_KEY);
        assertThat(noKey).hasSize(3).allSatisfy(e -> {
            assertThat(e.provider()).isEqualTo("nokeyremote");
            assertThat(e.reason()).isEqualTo("auth");
        });
        GatewayEvent decision = noKey.stream().filter(e -> "decision".equals(e.attr("source"))).findFirst().orElseThrow();
        assertThat(decision.model()).isEqualTo("m1");
        assertThat(decision.status()).isEqualTo(401);
        assertThat(decision.runId()).isEqualTo("b34ed0bb-d446-47d9-a6ae-f78ab5f350ef");
        assertThat(decision.detail()).contains("No API key found for provider \"nokeyremote\"");
        assertThat(events(f, FALLBACK_CANDIDATE_SUCCEEDED).get(0).modelRef()).isEqualTo("fakeanth/ok");
    }

    @Test
    void chainExhaustedFromDecisionWsAnswerAndCli() {
        List<GatewayEvent> exhausted = events("06-chain-exhausted-all-models-failed.info.jsonl", CHAIN_EXHAUSTED);
        assertThat(exhausted).extracting(e -> e.attr("source")).containsExactly("decision", "ws", "cli");
        GatewayEvent decision = exhausted.get(0);
        assertThat(decision.runId()).isEqualTo("17291d47-ab10-4e43-9437-941e9da77117");
        assertThat(decision.session()).isEqualTo("lab-s4");
        assertThat(decision.modelRef()).isEqualTo("nokeyremote/m1");
        assertThat(decision.reason()).isEqualTo("auth");
        assertThat(decision.attrs()).containsEntry("outcome", "chain_exhausted").containsEntry("attempt", "2")
                .containsEntry("total", "2");
        GatewayEvent ws = exhausted.get(1);
        assertThat(ws.runId()).isEqualTo("17291d47-ab10-4e43-9437-941e9da77117");
        assertThat(ws.attrs()).containsEntry("candidates", "2").containsEntry("errorCode", "UNAVAILABLE")
                .containsEntry("models", "fakeoa/quota-429,nokeyremote/m1");
        assertThat(ws.detail()).startsWith("All models failed (2): fakeoa/quota-429: Provider fakeoa is in cooldown");
        GatewayEvent cli = exhausted.get(2);
        assertThat(cli.level()).isEqualTo(5);
        assertThat(cli.attrs()).containsEntry("candidates", "2").containsEntry("models", "fakeoa/quota-429,nokeyremote/m1");
    }

    @Test
    void contextOverflowInEveryPhase() {
        List<GatewayEvent> overflow = events("07-context-overflow.info.jsonl", CONTEXT_OVERFLOW);
        assertThat(overflow).extracting(e -> e.attr("phase")).containsExactly("diagnosed", "detected", "exhausted", "reported");
        assertThat(overflow).allSatisfy(e -> assertThat(e.reason()).isEqualTo("context_overflow"));
        assertThat(overflow.get(0).session()).isEqualTo("lab-s5");
        assertThat(overflow.get(0).modelRef()).isEqualTo("fakeanth/ctx-400");
        assertThat(overflow.get(1).attrs()).containsEntry("attempt", "1").containsEntry("of", "3");
        assertThat(overflow.get(1).modelRef()).isEqualTo("fakeanth/ctx-400");
        assertThat(overflow.get(2).attr("suggestedAction")).isEqualTo("reset_or_new");
        assertThat(overflow.get(3).detail()).startsWith("Context overflow: prompt too large for the model.");
        assertThat(events("07-context-overflow.info.jsonl", RUN_ATTEMPT_FAILED)).singleElement()
                .satisfies(e -> {
                    assertThat(e.reason()).isEqualTo("context_overflow");
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.attr("providerError")).contains("prompt is too long: 215000 tokens > 200000 maximum");
                });
    }

    @Test
    void contextUsageFromPreflightCompactionInTheDebugSlice() {
        List<GatewayEvent> usage = events("07-context-overflow.debug.jsonl", CONTEXT_USAGE);
        assertThat(usage).hasSize(2);
        assertThat(usage.get(0).attrs()).containsEntry("source", "preflight").containsEntry("tokens", "3")
                .containsEntry("contextTokens", "128000").containsEntry("threshold", "108000");
        assertThat(usage.get(0).session()).isEqualTo("lab-s5");
        assertThat(usage.get(0).agent()).isEqualTo("main");
        assertThat(usage.get(1).attrs()).containsEntry("source", "precheck").containsEntry("tokens", "18411")
                .containsEntry("route", "fits");
    }

    @Test
    void toolUseIdMismatchIsARejectedRequestOfReasonFormat() {
        List<GatewayEvent> rejected = events("08-tool-use-id-format-error.info.jsonl", REQUEST_REJECTED);
        assertThat(rejected).hasSize(3).allSatisfy(e -> assertThat(e.reason()).isEqualTo("format"));
        GatewayEvent decision = rejected.stream().filter(e -> "decision".equals(e.attr("source"))).findFirst().orElseThrow();
        assertThat(decision.modelRef()).isEqualTo("fakeanth/tooluse-400");
        assertThat(decision.status()).isEqualTo(400);
        assertThat(decision.session()).isEqualTo("lab-s6");
        assertThat(decision.detail()).contains("unexpected `tool_use_id` found in `tool_result` blocks");
        assertThat(events("08-tool-use-id-format-error.info.jsonl", RUN_FAILOVER_DECISION).get(0).attr("failureKind"))
                .isEqualTo("schema");
    }

    @Test
    void abortedRunStopsTheChainAndRateLimitCoolsTheProfile() {
        String f = "09-rate-limit-profile-cooldown-and-abort.info.jsonl";
        GatewayEvent stopped = events(f, FALLBACK_CHAIN_STOPPED).get(0);
        assertThat(stopped.session()).isEqualTo("lab-s8");
        assertThat(stopped.reason()).isEqualTo("caller_signal_aborted");
        assertThat(stopped.modelRef()).isEqualTo("fakerl/rl-429");
        assertThat(stopped.attr("errorName")).isEqualTo("AbortError");
        GatewayEvent cooldown = events(f, PROFILE_FAILURE_STATE).get(0);
        assertThat(cooldown.attrs()).containsEntry("windowType", "cooldown")
                .containsEntry("cooldownUntil", "2026-11-23T12:14:38.757Z")
                .containsEntry("until", "2026-11-23T12:14:38.757Z")
                .doesNotContainKey("disabledUntil");
        assertThat(cooldown.reason()).isEqualTo("rate_limit");
        assertThat(events(f, LANE_ERROR)).filteredOn(e -> "aborted".equals(e.reason())).hasSize(2)
                .allSatisfy(e -> assertThat(e.attr("errorName")).isEqualTo("AbortError"));
        assertThat(events(f, SAME_MODEL_RETRY)).hasSize(18).allSatisfy(e -> assertThat(e.modelRef()).isEqualTo("fakerl/rl-429"));
    }

    @Test
    void sigusr2RestartsInProcess() {
        String f = "10-restart-via-cli-sigusr2.info.jsonl";
        assertThat(events(f, GATEWAY_RESTARTING)).singleElement()
                .satisfies(e -> assertThat(e.attr("signal")).isEqualTo("SIGUSR2"));
        assertThat(events(f, GATEWAY_STOPPED)).singleElement()
                .satisfies(e -> assertThat(e.attr("durationMs")).isEqualTo("419"));
        assertThat(events(f, GATEWAY_READY)).hasSize(1);
    }

    @Test
    void invalidConfigReloadsAreSkipped() {
        List<GatewayEvent> skipped = events("11-invalid-config-reload-skipped.info.jsonl", CONFIG_RELOAD_SKIPPED);
        assertThat(skipped).hasSize(2).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo("invalid_config");
            assertThat(e.level()).isEqualTo(4);
        });
        assertThat(skipped.get(0).detail()).isEqualTo("agents.defaults.model: Unrecognized key: \"bogusKey\"");
        assertThat(skipped.get(1).detail()).contains("JSON5 parse failed");
    }

    @Test
    void portChangeRequiresARestart() {
        String f = "12-restart-required-config-change.info.jsonl";
        assertThat(events(f, CONFIG_RESTART_REQUIRED)).singleElement().satisfies(e -> {
            assertThat(e.attr("paths")).isEqualTo("gateway.port");
            assertThat(e.level()).isEqualTo(4);
        });
        assertThat(events(f, GATEWAY_RESTARTING)).hasSize(1);
        assertThat(events(f, GATEWAY_READY)).hasSize(1);
    }

    @Test
    void sigtermStopsTheGateway() {
        String f = "13-sigterm-stop.info.jsonl";
        assertThat(events(f, GATEWAY_STOPPING)).singleElement()
                .satisfies(e -> assertThat(e.attr("signal")).isEqualTo("SIGTERM"));
        GatewayEvent stopped = events(f, GATEWAY_STOPPED).get(0);
        assertThat(stopped.attr("durationMs")).isEqualTo("284");
        assertThat(stopped.time()).isEqualTo(Instant.parse("2026-11-23T12:23:17.975Z"));
    }
}
