package io.gatewarden.alert;

import io.gatewarden.config.ConfigMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertSettingsTest {

    private static AlertSettings parse(String yaml) throws Exception {
        return ConfigMapper.yaml().readValue(yaml, AlertSettings.class);
    }

    @Test
    void defaultsAreSane() throws Exception {
        AlertSettings s = parse("{}");
        assertThat(s.receivers()).hasSize(1);
        assertThat(s.receivers().get(0)).isInstanceOf(AlertSettings.Console.class);
        assertThat(s.route().receiver()).isEqualTo("console");
        assertThat(s.route().groupBy()).containsExactly("alertname", "provider");
        assertThat(s.route().groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.route().groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.route().repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(s.retry().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.retry().max()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.retry().giveUpAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(s.inhibitRules()).hasSize(1);
        assertThat(s.heartbeat().configured()).isFalse();
        assertThat(s).isEqualTo(AlertSettings.defaults());
    }

    @Test
    void bindsEveryReceiverTypeAndRouteTree() throws Exception {
        AlertSettings s = parse("""
                receivers:
                  - name: ops-slack
                    type: slack
                    token_env: SLACK_TOKEN
                    channel: "#ops"
                  - name: hook
                    type: webhook
                    url: https://example.invalid/hook
                    secret_file: /run/secrets/hook
                    headers: {X-Team: ops}
                    headers_from_env: {Authorization: HOOK_AUTH}
                    rate_limit: {burst: 3, refill_every: 1m}
                  - name: am
                    type: alertmanager
                    url_env: AM_URL
                    watchdog: true
                  - name: console
                    type: console
                    send_resolved: false
                route:
                  receiver: console
                  group_by: [alertname]
                  routes:
                    - matchers: ['severity="critical"']
                      receiver: ops-slack
                      continue: true
                      group_wait: 10s
                    - matchers: ["alertname=~provider_.*"]
                      receiver: hook
                silences:
                  - matchers: ["provider=ollama"]
                    ends_at: 2026-12-01T00:00:00Z
                    comment: local model, nobody cares
                retry: {initial: 2s, give_up_after: 1h}
                """);
        assertThat(s.receivers()).extracting(AlertSettings.Receiver::type).containsExactly("slack", "webhook", "alertmanager", "console");
        AlertSettings.Webhook hook = (AlertSettings.Webhook) s.receivers().get(1);
        assertThat(hook.url().reveal()).isEqualTo("https://example.invalid/hook");
        assertThat(hook.toString()).doesNotContain("example.invalid").contains(hook.url().fingerprint());
        assertThat(hook.rateLimit().burst()).isEqualTo(3);
        assertThat(s.route().routes().get(0).isContinue()).isTrue();
        AlertSettings.Route child = s.route().routes().get(0).inherit(s.route());
        assertThat(child.groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(child.groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(child.groupBy()).containsExactly("alertname");
        assertThat(s.retry().initial()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.retry().max()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.sendResolved(s.receivers().get(3))).isFalse();
        assertThat(s.sendResolved(s.receivers().get(1))).isTrue();
        AlertSettings off = parse("send_resolved: false\nreceivers: [{name: a, type: console}, {name: b, type: console, send_resolved: true}]");
        assertThat(off.sendResolved(off.receivers().get(0))).isFalse();
        assertThat(off.sendResolved(off.receivers().get(1))).isTrue();
    }

    @Test
    void rejectsTyposAndBadValues() {
        assertThatThrownBy(() -> parse("route: {group_wiat: 30s}")).hasMessageContaining("group_wiat");
        assertThatThrownBy(() -> parse("receivers: [{name: x, type: slack, tokn_env: X}]")).hasMessageContaining("tokn_env");
        assertThatThrownBy(() -> parse("receivers: [{name: x, type: pager}]")).hasMessageContaining("pager");
        assertThatThrownBy(() -> parse("route: {group_interval: 0s}")).hasMessageContaining("group_interval");
        assertThatThrownBy(() -> parse("retry: {jitter: 2}")).hasMessageContaining("jitter");
    }

    @Test
    void secretValuesNeverShowInToString() throws Exception {
        AlertSettings s = parse("""
                receivers:
                  - {name: s, type: slack, token: xoxb-1111-2222-fakeabcdefab, channel: C1}
                heartbeat: {url: "https://hc-ping.example/8c2f7e0a-secret"}
                """);
        assertThat(s.toString()).doesNotContain("xoxb-1111").doesNotContain("8c2f7e0a-secret").contains("fp:");
        assertThat(ConfigMapper.json().writeValueAsString(s)).doesNotContain("xoxb-1111").doesNotContain("8c2f7e0a-secret");
    }

    @Test
    void matchers() {
        Map<String, String> l = Map.of("alertname", "provider_rate_limited", "provider", "anthropic");
        assertThat(Matcher.parse("alertname=provider_rate_limited").matches(l)).isTrue();
        assertThat(Matcher.parse("provider != anthropic").matches(l)).isFalse();
        assertThat(Matcher.parse("alertname=~\"provider_.*\"").matches(l)).isTrue();
        assertThat(Matcher.parse("alertname=~provider").matches(l)).as("anchored").isFalse();
        assertThat(Matcher.parse("model!~.+").matches(l)).as("missing label is empty").isTrue();
        assertThat(Matcher.parse("model=").matches(l)).isTrue();
        assertThat(Matcher.parse("a=\"x\\\"y\"").value()).isEqualTo("x\"y");
        assertThatThrownBy(() -> Matcher.parse("bad label=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Matcher.parse("a=~(")).hasMessageContaining("regex");
    }

    @Test
    void docsExampleBindsAndBuilds(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        String md = Files.readString(Path.of("docs/alert.md"));
        java.util.regex.Matcher m = Pattern.compile("<!-- example -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL).matcher(md);
        assertThat(m.find()).as("docs/alert.md has the full example").isTrue();
        String yaml = m.group(1);
        Map<?, ?> root = ConfigMapper.yaml().readValue(yaml, Map.class);
        AlertSettings s = ConfigMapper.yaml().convertValue(root.get("alert"), AlertSettings.class);
        Map<String, String> env = Map.of("SLACK_BOT_TOKEN", "xoxb-doc-example-token", "OPS_HOOK_SECRET", "doc-secret",
                "OPS_HOOK_URL", "https://hooks.example.invalid/ops", "OPS_HOOK_AUTH", "Bearer doc", "HEARTBEAT_URL", "https://hc.example.invalid/ping/x");
        try (AlertPipeline p = AlertPipeline.builder(s, tmp).env(env::get).autoTick(false).build()) {
            assertThat(p.stats().receivers()).extracting(AlertStats.ReceiverStats::name).isNotEmpty();
        }
        assertThat(List.of(s.route().receiver())).isNotEmpty();
    }
}
