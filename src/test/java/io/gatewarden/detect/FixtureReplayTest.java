package io.gatewarden.detect;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.parse.GatewayEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.gatewarden.incident.IncidentType.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detectors over the real OpenClaw captures (mapped to events by a test-only stand-in for the parser), with
 * ticks following log time as in replay. Each file must give exactly the incidents a human would count.
 */
class FixtureReplayTest {

    private static Harness replay(String... files) throws IOException {
        Harness h = new Harness();
        Instant last = null;
        for (String f : files) {
            for (GatewayEvent e : FixtureEvents.load(f)) {
                h.feed(e);
                if (last == null || e.time().isAfter(last)) last = e.time();
                h.tick(last);
            }
        }
        return h;
    }

    /** type → occurrences of every incident (open or resolved), as "type{labels}=n". */
    private static Map<String, Long> summary(Harness h) {
        return java.util.stream.Stream.concat(h.tracker.recent().stream(), h.tracker.open().stream())
                .collect(Collectors.toMap(Incident::key, Incident::occurrences, Long::sum, java.util.TreeMap::new));
    }

    @Test
    void startupAndHotReloadsAreQuiet() throws IOException {
        assertThat(summary(replay("01-startup.info.jsonl", "03-hot-reload-auth-paste-and-primary-switch.info.jsonl"))).isEmpty();
    }

    @Test
    void fixture02FailoverCascade() throws IOException {
        Harness h = replay("02-failover-cascade-429-529-unknown-model.info.jsonl");
        assertThat(summary(h)).containsOnly(
                Map.entry("fallback_skipped{model=claude-sonnet-4-5,provider=anthropic,reason=unknown_model}", 1L),
                Map.entry("provider_overloaded{model=ovl-529,provider=fakeanth}", 1L),
                Map.entry("provider_rate_limited{model=rl-429,provider=fakeoa}", 1L));
        Incident rl = h.all(PROVIDER_RATE_LIMITED).get(0);
        assertThat(rl.summary()).isEqualTo("fakeoa/rl-429 is rate-limited (429): 9 retries in run ead177c3");
        // opened by the first failed attempt, 2.5 minutes before the run moved on
        assertThat(rl.startsAt()).isEqualTo(Instant.parse("2026-11-23T12:02:10.651Z"));
    }

    @Test
    void fixture04QuotaAndFixture05SkipsTogether() throws IOException {
        Harness h = replay("04-quota-billing-disable-then-fallback.info.jsonl", "05-cooldown-skip-and-no-api-key.info.jsonl");
        assertThat(summary(h)).containsOnly(
                // fixture 04 logged the billing disable of fakeoa's profile after quota-429 failed: fixture 05's skips name it
                Map.entry("fallback_skipped{blocked_by=fakeoa/quota-429,model=ok,profile=sha256:3b94924e0061,provider=fakeoa,reason=cooldown}", 1L),
                Map.entry("fallback_skipped{model=quota-429,profile=sha256:3b94924e0061,provider=fakeoa,reason=cooldown}", 1L),
                Map.entry("fallback_skipped{model=m1,provider=nokeyremote,reason=no_credentials}", 1L),
                Map.entry("quota_exhausted{profile=sha256:3b94924e0061,provider=fakeoa}", 2L));
        assertThat(h.all(QUOTA_EXHAUSTED).get(0).summary())
                .isEqualTo("fakeoa is out of quota (billing): auth profile sha256:3b94924e0061 disabled until 2026-11-23T12:19:33.506Z");
    }

    @Test
    void fixture06ChainExhausted() throws IOException {
        Harness h = replay("06-chain-exhausted-all-models-failed.info.jsonl");
        assertThat(summary(h)).containsOnly(
                Map.entry("chain_exhausted{}", 1L),
                Map.entry("fallback_skipped{model=quota-429,provider=fakeoa,reason=cooldown}", 1L),
                Map.entry("fallback_skipped{model=m1,provider=nokeyremote,reason=no_credentials}", 1L),
                Map.entry("quota_exhausted{provider=fakeoa}", 1L));
        assertThat(h.all(CHAIN_EXHAUSTED).get(0).summary())
                .isEqualTo("all models failed: 1 run in 1 session in the last hour; latest run 17291d47 in session lab-s4: "
                        + "fakeoa/quota-429 skipped (cooldown, billing) → nokeyremote/m1 skipped (no credentials)");
    }

    @Test
    void fixtures07And08() throws IOException {
        assertThat(summary(replay("07-context-overflow.info.jsonl")))
                .containsExactly(Map.entry("context_overflow{model=ctx-400,provider=fakeanth}", 1L));
        assertThat(summary(replay("08-tool-use-id-format-error.info.jsonl")))
                .containsExactly(Map.entry("request_rejected{model=tooluse-400,provider=fakeanth}", 1L));
    }

    @Test
    void fixture09TwoRateLimitedRunsOneAborted() throws IOException {
        Harness h = replay("09-rate-limit-profile-cooldown-and-abort.info.jsonl");
        assertThat(summary(h)).containsOnly(Map.entry("provider_rate_limited{model=rl-429,provider=fakerl}", 2L));
    }

    @Test
    void fixtures10To13GatewayLifecycle() throws IOException {
        assertThat(summary(replay("10-restart-via-cli-sigusr2.info.jsonl"))).containsOnly(Map.entry("gateway_restarted{}", 1L));
        assertThat(summary(replay("11-invalid-config-reload-skipped.info.jsonl"))).containsOnly(Map.entry("config_reload_failed{}", 2L));
        assertThat(summary(replay("12-restart-required-config-change.info.jsonl"))).containsOnly(Map.entry("gateway_restarted{}", 1L));
        Harness stop = replay("13-sigterm-stop.info.jsonl");
        assertThat(summary(stop)).isEmpty();
        stop.tick(Instant.parse("2026-11-23T12:23:17.682Z").plus(Duration.ofSeconds(61)));
        assertThat(stop.open(GATEWAY_DOWN)).hasSize(1);
    }

    @Test
    void theWholeSessionInOrder() throws IOException {
        String[] all = {"01-startup.info.jsonl", "02-failover-cascade-429-529-unknown-model.info.jsonl",
                "03-hot-reload-auth-paste-and-primary-switch.info.jsonl", "04-quota-billing-disable-then-fallback.info.jsonl",
                "05-cooldown-skip-and-no-api-key.info.jsonl", "06-chain-exhausted-all-models-failed.info.jsonl",
                "07-context-overflow.info.jsonl", "08-tool-use-id-format-error.info.jsonl",
                "09-rate-limit-profile-cooldown-and-abort.info.jsonl", "10-restart-via-cli-sigusr2.info.jsonl",
                "11-invalid-config-reload-skipped.info.jsonl", "12-restart-required-config-change.info.jsonl",
                "13-sigterm-stop.info.jsonl"};
        Harness h = replay(all);
        List<String> types = h.tracker.recent().stream().map(i -> i.type().wireName()).toList();
        System.out.println("whole session: " + summary(h));
        assertThat(h.chain.totalFailures()).isZero();
        assertThat(summary(h)).containsEntry("quota_exhausted{profile=sha256:3b94924e0061,provider=fakeoa}", 3L)
                .containsEntry("chain_exhausted{}", 1L)
                .containsEntry("gateway_restarted{}", 2L)
                .doesNotContainKey("error_loop{}");
        assertThat(types).doesNotContain(IncidentType.GATEWAY_DOWN.wireName());
    }
}
