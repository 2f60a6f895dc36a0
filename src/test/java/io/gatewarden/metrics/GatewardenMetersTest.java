package io.gatewarden.metrics;

import io.gatewarden.api.TestDaemons;
import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.daemon.Daemon;
import io.gatewarden.daemon.DaemonBuilder;
import io.gatewarden.daemon.DaemonSupervisor;
import io.gatewarden.incident.IncidentType;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The metric names and labels other people write dashboards and alert rules against, as Prometheus scrapes them,
 * from a real daemon fed the fixture-02 storm; and totals that keep growing across a config reload.
 */
class GatewardenMetersTest {
    @TempDir Path dir;

    @Test
    void scrapeShowsTheAgreedNamesAndFollowsTheDaemonAcrossAReload() throws Exception {
        TestDaemons world = new TestDaemons(dir);
        world.append(java.util.List.of("{\"time\":\"x\",\"message\":\"first line\"}"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GatewardenMeters meters = new GatewardenMeters(registry, "9.9.9");
        DaemonSupervisor sup = new DaemonSupervisor((cfg, fromStart) -> DaemonBuilder.build(cfg, Clock.systemUTC(), fromStart), world.configFile);
        sup.addListener(meters);
        try (sup) {
            sup.start(world.config(), true);
            Daemon d = sup.current().orElseThrow();
            world.append(TestDaemons.storm());
            await().atMost(Duration.ofSeconds(20)).until(() -> d.incidents().open().stream()
                    .anyMatch(i -> i.type() == IncidentType.PROVIDER_RATE_LIMITED));
            await().atMost(Duration.ofSeconds(20)).until(() -> d.breakers().isModelOpen("fakeoa/rl-429"));
            meters.sync();
            await().atMost(Duration.ofSeconds(5)).until(() -> value(registry.scrape(), "gatewarden_lines_total", "") == 31);
            String text = registry.scrape();

            assertThat(value(text, "gatewarden_incidents_open", "severity=\"warning\",type=\"provider_rate_limited\"")
                    + value(text, "gatewarden_incidents_open", "severity=\"critical\",type=\"provider_rate_limited\"")).isEqualTo(1);
            assertThat(value(text, "gatewarden_incidents_opened_total", "type=\"provider_rate_limited\"")).isEqualTo(1);
            assertThat(value(text, "gatewarden_events_total", "type=\"same_model_retry\"")).isPositive();
            assertThat(value(text, "gatewarden_lines_malformed_total", "")).isGreaterThanOrEqualTo(0);
            assertThat(value(text, "gatewarden_lines_oversized_total", "")).isZero();
            String profile = d.breakers().snapshot().stream().filter(b -> b.model().equals("fakeoa/rl-429")).findFirst().orElseThrow().profile();
            assertThat(value(text, "gatewarden_breaker_state", "model=\"fakeoa/rl-429\",profile=\"" + profile + "\"")).isEqualTo(2);
            assertThat(value(text, "gatewarden_actions_total", "action=\"switch_primary\",outcome=\"taken\"")).isEqualTo(1);
            assertThat(value(text, "gatewarden_alert_deliveries_total", "receiver=\"console\",result=\"delivered\"")).isGreaterThanOrEqualTo(0);
            assertThat(value(text, "gatewarden_alert_outbox_pending", "receiver=\"console\"")).isGreaterThanOrEqualTo(0);
            assertThat(value(text, "gatewarden_tail_lag_bytes", "file=\"" + world.log + "\"")).isZero();
            assertThat(value(text, "gatewarden_tail_lag_seconds", "file=\"" + world.log + "\"")).isZero();
            assertThat(value(text, "gatewarden_state_save_failures_total", "")).isZero();
            assertThat(value(text, "gatewarden_dry_run", "")).isZero();
            assertThat(value(text, "gatewarden_info", "gateway=\"lab\",version=\"9.9.9\"")).isEqualTo(1);
            assertThat(text).doesNotContain("GW_TEST_TOKEN");

            // the breaker forced closed shows at once (values are live, only label sets are synced)
            d.locked(() -> d.breakers().reset(new BreakerKey(profile, "fakeoa/rl-429"), "test"));
            assertThat(value(registry.scrape(), "gatewarden_breaker_state", "model=\"fakeoa/rl-429\",profile=\"" + profile + "\"")).isZero();

            // reload waits for the switch to be confirmed (busy meanwhile)
            assertThat(sup.reload("test").outcome()).isEqualTo("busy");
            world.append(java.util.List.of(TestDaemons.reloadApplied()));
            await().atMost(Duration.ofSeconds(10)).until(() -> d.journal().recent(50).stream().anyMatch(e -> "confirmed".equals(e.outcome())));
            // reload: a new daemon, totals carried, the restored incident still counted as open and not opened again
            assertThat(sup.reload("test").outcome()).isEqualTo("reloaded");
            meters.sync();
            String after = registry.scrape();
            assertThat(value(after, "gatewarden_lines_total", "")).isEqualTo(32);
            assertThat(value(after, "gatewarden_incidents_opened_total", "type=\"provider_rate_limited\"")).isEqualTo(1);
            assertThat(value(after, "gatewarden_incidents_open", "severity=\"warning\",type=\"provider_rate_limited\"")
                    + value(after, "gatewarden_incidents_open", "severity=\"critical\",type=\"provider_rate_limited\"")).isEqualTo(1);
            world.append(TestDaemons.storm().subList(0, 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> value(registry.scrape(), "gatewarden_lines_total", "") == 34);
            assertThat(value(registry.scrape(), "gatewarden_actions_total", "action=\"reload_config\",outcome=\"taken\"")).isEqualTo(1);
            assertThat(value(registry.scrape(), "gatewarden_actions_total", "action=\"reload_config\",outcome=\"declined\"")).isEqualTo(1);
        }
    }

    /** The value of one series; -1 when absent. Labels as Prometheus prints them (sorted), "" for none. */
    static double value(String scrape, String name, String labels) {
        String series = labels.isEmpty() ? name : name + "{" + labels + ",?}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + (labels.isEmpty() ? "" : "\\{" + Pattern.quote(labels) + ",?\\}")
                + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
