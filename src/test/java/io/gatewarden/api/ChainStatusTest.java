package io.gatewarden.api;

import io.gatewarden.act.SwitcherState;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.lint.LintSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChainStatusTest {
    private static final Path CONFIG_01 = Path.of("src/test/resources/fixtures/openclaw/configs/01-initial-openclaw.json");
    private static final Instant NOW = Instant.parse("2026-11-23T12:05:00Z");

    @TempDir Path dir;

    private static BreakerSnapshot breaker(String profile, String model, BreakerStatus status) {
        return new BreakerSnapshot(profile, model, status, NOW.minusSeconds(30),
                status == BreakerStatus.OPEN ? NOW.plusSeconds(600) : null, "3 consecutive rate_limit failures",
                "rate_limit", 0, 3, 0, 3, NOW.minusSeconds(30));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rungs(Map<String, Object> view) {
        List<Map<String, Object>> chains = (List<Map<String, Object>>) view.get("chains");
        assertThat(chains).extracting(c -> c.get("agent")).containsExactly("defaults");
        return (List<Map<String, Object>>) chains.get(0).get("rungs");
    }

    @SuppressWarnings("unchecked")
    private static List<String> codes(Map<String, Object> rung) {
        return ((List<Map<String, Object>>) rung.get("findings")).stream().map(f -> (String) f.get("code")).toList();
    }

    @SuppressWarnings("unchecked")
    private static String breakerState(Map<String, Object> rung) {
        return (String) ((Map<String, Object>) rung.get("breaker")).get("state");
    }

    @Test
    void rungsInOrderWithTheWorstBreakerOfTheirProfilesAndTheirFindings() throws Exception {
        Path json = Files.copy(CONFIG_01, dir.resolve("openclaw.json"));
        ChainStatus status = new ChainStatus(json, null, LintSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        List<BreakerSnapshot> breakers = List.of(
                breaker("fakeoa:default", "fakeoa/rl-429", BreakerStatus.OPEN),
                breaker("fakeoa:backup", "fakeoa/rl-429", BreakerStatus.CLOSED),
                breaker("fakeanth:default", "fakeanth/ovl-529", BreakerStatus.HALF_OPEN),
                breaker("fakeoa:default", "fakeoa/ok", BreakerStatus.CLOSED));

        Map<String, Object> view = status.view(breakers, null);
        assertThat(view.get("error")).isNull();
        assertThat(view.get("switchedFrom")).isNull();
        List<Map<String, Object>> rungs = rungs(view);
        assertThat(rungs).extracting(r -> r.get("ref"))
                .containsExactly("fakeoa/rl-429", "fakeanth/ovl-529", "anthropic/claude-sonnet-4-5", "fakeoa/ok");
        assertThat(rungs).extracting(r -> r.get("role")).containsExactly("primary", "fallback", "fallback", "fallback");
        assertThat(rungs).extracting(ChainStatusTest::breakerState).containsExactly("open", "half_open", "none", "closed");
        assertThat(codes(rungs.get(0))).contains("shared_credential");
        assertThat(codes(rungs.get(2))).contains("no_credentials");
        assertThat(rungs.get(0).get("credentials")).isEqualTo(List.of("models.providers.fakeoa.apiKey"));
        // credentials are labels, never the key itself
        assertThat(view.toString()).doesNotContain("sk-fake-openai-000").doesNotContain("sk-ant-fake-000");
    }

    @Test
    void theSwitchedAwayPrimaryIsShownFirstWhileTheConfigNoLongerListsIt() throws Exception {
        Path json = dir.resolve("openclaw.json");
        Files.writeString(json, Files.readString(CONFIG_01).replace("\"primary\": \"fakeoa/rl-429\"", "\"primary\": \"fakeoa/ok\""));
        ChainStatus status = new ChainStatus(json, null, LintSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        SwitcherState switched = new SwitcherState("fakeoa/rl-429", List.of("fakeanth/ovl-529", "anthropic/claude-sonnet-4-5", "fakeoa/ok"),
                "fakeoa/ok", null, NOW.minusSeconds(60), "provider_rate_limited-1", null, null, null);

        Map<String, Object> view = status.view(List.of(breaker("fakeoa:default", "fakeoa/rl-429", BreakerStatus.OPEN)), switched);
        assertThat(view.get("switchedFrom")).isEqualTo("fakeoa/rl-429");
        assertThat(view.get("switchedTo")).isEqualTo("fakeoa/ok");
        List<Map<String, Object>> rungs = rungs(view);
        assertThat(rungs).extracting(r -> r.get("ref"))
                .containsExactly("fakeoa/rl-429", "fakeoa/ok", "fakeanth/ovl-529", "anthropic/claude-sonnet-4-5", "fakeoa/ok");
        assertThat(rungs.get(0).get("role")).isEqualTo("switched_away");
        assertThat(breakerState(rungs.get(0))).isEqualTo("open");
        assertThat(rungs.get(1).get("role")).isEqualTo("primary");
    }

    @Test
    void anEditIsSeenAndAnUnreadableConfigKeepsTheLastGoodChainWithAnError() throws Exception {
        Path json = Files.copy(CONFIG_01, dir.resolve("openclaw.json"));
        ChainStatus status = new ChainStatus(json, null, LintSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(rungs(status.view(List.of(), null))).hasSize(4);

        Path edited = dir.resolve("edited.json");
        Files.writeString(edited, Files.readString(CONFIG_01).replace(", \"fakeoa/ok\"]", "]"));
        Files.move(edited, json, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertThat(rungs(status.view(List.of(), null))).extracting(r -> r.get("ref"))
                .containsExactly("fakeoa/rl-429", "fakeanth/ovl-529", "anthropic/claude-sonnet-4-5");

        Files.writeString(json, "{ agents: { defaults: { model: ");
        Map<String, Object> broken = status.view(List.of(), null);
        assertThat((String) broken.get("error")).startsWith("cannot read the gateway config");
        assertThat(rungs(broken)).hasSize(3);
    }
}
