package io.gatewarden.act;

import io.gatewarden.config.ConfigException;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.incident.IncidentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code act.spend_guard} and {@code lint.paid_*} as an operator writes them in gatewarden.yaml. */
class SpendSettingsTest {
    @Test
    void defaults_behindOnLoopsAndExhaustion_noBudget() {
        SpendSettings s = GatewardenConfig.defaults().act().spendGuard();
        assertThat(s.enabled()).isTrue();
        assertThat(s.mode()).isEqualTo(SpendSettings.Mode.BEHIND);
        assertThat(s.triggerTypes()).containsExactly(IncidentType.ERROR_LOOP, IncidentType.CHAIN_EXHAUSTED);
        assertThat(s.budget().dailyPaidCalls()).isZero();
        assertThat(s.budget().actWhenSpent()).isFalse();
        assertThat(s.budget().zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void everyKeyLoadsFromYaml() throws Exception {
        GatewardenConfig c = ConfigLoader.parse("""
                lint:
                  paid_providers: [Proxy]
                  paid_models: ["lab/*"]
                act:
                  spend_guard:
                    mode: remove
                    triggers: [error_loop]
                    fallthrough_window: 2m
                    confirm_timeout: 20s
                    cooldown: 30s
                    budget:
                      daily_paid_calls: 200
                      per_credential: {"sha256:31bf98062baa": 50}
                      warn_at: 0.9
                      act_when_spent: true
                      zone: Europe/Berlin
                """, "t.yaml");
        SpendSettings s = c.act().spendGuard();
        assertThat(s.mode()).isEqualTo(SpendSettings.Mode.REMOVE);
        assertThat(s.triggerTypes()).containsExactly(IncidentType.ERROR_LOOP);
        assertThat(s.fallthroughWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.confirmTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.cooldown()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.budget().perCredential()).isEqualTo(Map.of("sha256:31bf98062baa", 50L));
        assertThat(s.budget().limitFor("sha256:31bf98062baa")).isEqualTo(50);
        assertThat(s.budget().limitFor("anthropic:default")).isEqualTo(200);
        assertThat(s.budget().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.lint().paidProviders()).containsExactly("proxy");
        assertThat(c.lint().paidModels()).containsExactly("lab/*");
        assertThat(c.act().gateway()).as("the root config still names the gateway").isEqualTo(GatewardenConfig.defaults().act().gateway());
    }

    @Test
    void badValues_areRefusedWithTheirLineAndKey() {
        for (var bad : List.of(
                List.of("act:\n  spend_guard:\n    mode: sideways\n", "act.spend_guard.mode"),
                List.of("act:\n  spend_guard:\n    triggers: [error_loop, nope]\n", "act.spend_guard"),
                List.of("act:\n  spend_guard:\n    budget:\n      warn_at: 1.5\n", "act.spend_guard.budget"),
                List.of("act:\n  spend_guard:\n    budget:\n      zone: Mars/Olympus\n", "act.spend_guard.budget.zone"))) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(bad.get(0), "t.yaml"));
            assertThat(e).as(bad.get(0)).isNotNull();
            assertThat(e.getMessage()).as(bad.get(0)).contains("t.yaml:").contains(bad.get(1));
        }
    }
}
