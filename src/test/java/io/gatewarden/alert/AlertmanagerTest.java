package io.gatewarden.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatewarden.alert.Incidents.labels;
import static org.assertj.core.api.Assertions.assertThat;

/** Alertmanager's v2 API through a local stub, and the dead-man's switch. */
class AlertmanagerTest {
    @TempDir Path tmp;
    Fixture fx;
    HttpStub am;
    HttpStub ping;
    AlertPipeline p;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(tmp);
        am = new HttpStub(fx.clock);
        ping = new HttpStub(fx.clock);
    }

    @AfterEach
    void tearDown() {
        if (p != null) p.close();
        am.close();
        ping.close();
    }

    /** Every alert the stub received, flattened, with the time it arrived. */
    private List<JsonNode> alertsPosted() {
        List<JsonNode> out = new ArrayList<>();
        for (HttpStub.Request r : am.accepted()) {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/am/api/v2/alerts");
            Fixture.json(r.body()).forEach(out::add);
        }
        return out;
    }

    @Test
    void postsAlertsResendsWhileFiringAndResolvesWithEndsAt() {
        p = fx.start("""
                receivers:
                  - {name: am, type: alertmanager, url: %s, resend_interval: 1m}
                route: {receiver: am}
                runbook_base_url: https://runbooks.example.invalid/
                external_url: http://127.0.0.1:9464/
                """.formatted(am.url("/am")));
        Instant t0 = fx.clock.instant();
        Incident inc = Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, Severity.CRITICAL,
                labels("provider", "anthropic", "model", "claude-opus-4", "profile", "anthropic:default"), t0);
        p.opened(inc);
        fx.settle(p);
        List<JsonNode> posted = alertsPosted();
        assertThat(posted).as("Alertmanager groups by itself: sent at once, no group_wait").hasSize(1);
        JsonNode a = posted.get(0);
        assertThat(a.get("labels").get("alertname").asText()).isEqualTo("provider_rate_limited");
        assertThat(a.get("labels").get("severity").asText()).isEqualTo("critical");
        assertThat(a.get("labels").get("provider").asText()).isEqualTo("anthropic");
        assertThat(a.get("labels").get("profile").asText()).isEqualTo("anthropic:default");
        assertThat(a.get("annotations").get("summary").asText()).isEqualTo(inc.summary());
        assertThat(a.get("annotations").get("description").asText()).contains("429");
        assertThat(a.get("annotations").get("runbook_url").asText()).isEqualTo("https://runbooks.example.invalid/provider_rate_limited");
        assertThat(a.get("startsAt").asText()).isEqualTo(t0.toString());
        assertThat(a.has("endsAt")).as("firing: no endsAt").isFalse();
        assertThat(a.get("generatorURL").asText()).isEqualTo("http://127.0.0.1:9464/");

        // re-sent every resend_interval while firing
        for (int i = 0; i < 5; i++) fx.step(p, Duration.ofSeconds(30));
        assertThat(alertsPosted()).hasSize(3); // t0, t0+1m, t0+2m
        Instant resolvedAt = fx.clock.instant();
        p.resolved(Incidents.resolve(inc, resolvedAt));
        fx.settle(p);
        List<JsonNode> all = alertsPosted();
        JsonNode last = all.get(all.size() - 1);
        assertThat(last.get("endsAt").asText()).isEqualTo(resolvedAt.toString());
        for (int i = 0; i < 5; i++) fx.step(p, Duration.ofMinutes(1));
        assertThat(alertsPosted()).as("nothing after resolved").hasSize(all.size());
    }

    @Test
    void aChangedLabelSetEndsTheOldAlertInAlertmanager() {
        p = fx.start("""
                receivers:
                  - {name: am, type: alertmanager, url: %s}
                route: {receiver: am}
                """.formatted(am.url("/am")));
        Incident inc = Incidents.open(IncidentType.ERROR_LOOP, Severity.WARNING, labels("session", "s1"), fx.clock.instant());
        p.opened(inc);
        fx.settle(p);
        p.updated(Incidents.update(inc, fx.clock.instant(), 5, Severity.CRITICAL));
        fx.settle(p);
        List<JsonNode> posted = alertsPosted();
        assertThat(posted).hasSize(3);
        assertThat(posted.get(1).get("labels").get("severity").asText()).isEqualTo("warning");
        assertThat(posted.get(1).has("endsAt")).isTrue();
        assertThat(posted.get(2).get("labels").get("severity").asText()).isEqualTo("critical");
        assertThat(posted.get(2).has("endsAt")).isFalse();
    }

    @Test
    void watchdogAndHeartbeatProveGatewardenIsAlive() {
        fx.env = Map.of("HB_URL", ping.url("/ping/5b1e-secret-uuid"));
        p = fx.start("""
                receivers:
                  - {name: am, type: alertmanager, url: %s, resend_interval: 1m, watchdog: true}
                route: {receiver: am}
                heartbeat: {url_env: HB_URL, interval: 2m, method: POST}
                """.formatted(am.url("/am")));
        fx.settle(p);
        for (int i = 0; i < 10; i++) fx.step(p, Duration.ofSeconds(30));
        List<JsonNode> posted = alertsPosted();
        assertThat(posted).hasSizeBetween(5, 6);
        assertThat(posted).allMatch(a -> a.get("labels").get("alertname").asText().equals("Watchdog") && !a.has("endsAt"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ping.requests().size() >= 3);
        assertThat(ping.requests()).allMatch(r -> r.method().equals("POST") && r.path().equals("/ping/5b1e-secret-uuid"));
        assertThat(ping.requests().size()).isBetween(3, 4); // t0, +2m, +4m (+ maybe the tick at +5m? no: +6m is out)
        AlertStats.HeartbeatStats hb = p.stats().heartbeat();
        assertThat(hb.enabled()).isTrue();
        assertThat(hb.endpoint()).doesNotContain("5b1e-secret-uuid").contains("fp:");
    }

    @Test
    void aDownAlertmanagerGetsStateChangesNotAPileOfResends() {
        Instant t0 = fx.clock.instant();
        am.respond(r -> fx.clock.instant().isBefore(t0.plus(Duration.ofMinutes(10))) ? HttpStub.Reply.status(503) : HttpStub.Reply.ok());
        p = fx.start("""
                receivers:
                  - {name: am, type: alertmanager, url: %s, resend_interval: 1m}
                route: {receiver: am}
                """.formatted(am.url("/am")));
        Incident inc = Incidents.open(IncidentType.PROVIDER_OVERLOADED, Severity.WARNING, labels("provider", "x"), t0);
        p.opened(inc);
        fx.settle(p);
        for (int i = 0; i < 30; i++) fx.step(p, Duration.ofSeconds(30)); // 15 minutes
        assertThat(p.stats().receiver("am").pending()).isZero();
        // the backlog was one batch (the first send), then resends resumed once it drained
        assertThat(am.accepted().size()).isBetween(2, 7);
        assertThat(alertsPosted()).allMatch(a -> a.get("labels").get("provider").asText().equals("x"));
    }
}
