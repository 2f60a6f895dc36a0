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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.gatewarden.alert.Incidents.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routing, grouping, silences, inhibition, repeat, resolved notices and rate limits, through real HTTP receivers. */
class NoiseControlTest {
    @TempDir Path tmp;
    Fixture fx;
    HttpStub hook;
    HttpStub other;
    AlertPipeline p;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(tmp);
        hook = new HttpStub(fx.clock);
        other = new HttpStub(fx.clock);
    }

    @AfterEach
    void tearDown() {
        if (p != null) p.close();
        hook.close();
        other.close();
    }

    private AlertPipeline start(String route, String extra) {
        return fx.start("""
                receivers:
                  - {name: hook, type: webhook, url: %s, rate_limit: {burst: 0}}
                  - {name: other, type: webhook, url: %s, rate_limit: {burst: 0}}
                route:
                %s
                %s
                """.formatted(hook.url("/hook"), other.url("/other"), route, extra));
    }

    private static final String DEFAULT_ROUTE = "  receiver: hook\n  group_by: [alertname, provider]\n  group_wait: 30s\n  group_interval: 5m\n  repeat_interval: 4h";

    private Incident open(IncidentType t, Severity s, String... kv) {
        Incident i = Incidents.open(t, s, labels(kv), fx.clock.instant());
        p.opened(i);
        fx.settle(p);
        return i;
    }

    private static List<JsonNode> bodies(HttpStub stub) {
        return stub.accepted().stream().map(r -> Fixture.json(r.body())).toList();
    }

    private static List<String> alertIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("alerts").forEach(a -> ids.add(a.get("id").asText()));
        return ids;
    }

    @Test
    void groupWaitThenGroupInterval() {
        p = start(DEFAULT_ROUTE, "");
        Incident a = open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "anthropic", "session", "s1");
        fx.step(p, Duration.ofSeconds(10));
        Incident b = open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "anthropic", "session", "s2");
        fx.step(p, Duration.ofSeconds(19));
        assertThat(hook.accepted()).isEmpty();
        fx.step(p, Duration.ofSeconds(1));
        assertThat(bodies(hook)).hasSize(1);
        assertThat(alertIds(bodies(hook).get(0))).containsExactlyInAnyOrder(a.id(), b.id());

        Incident c = open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "anthropic", "session", "s3");
        fx.step(p, Duration.ofMinutes(4));
        assertThat(hook.accepted()).as("a new alert waits for the group_interval").hasSize(1);
        fx.step(p, Duration.ofMinutes(1));
        assertThat(bodies(hook)).hasSize(2);
        JsonNode update = bodies(hook).get(1);
        assertThat(update.get("kind").asText()).isEqualTo("update");
        assertThat(update.get("changes").get("newFiring")).extracting(JsonNode::asText).containsExactly(c.id());
        assertThat(update.get("firingCount").asInt()).isEqualTo(3);

        // another provider is another group with its own group_wait
        open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, "provider", "openai");
        fx.step(p, Duration.ofSeconds(30));
        assertThat(bodies(hook)).hasSize(3);
        assertThat(bodies(hook).get(2).get("groupLabels").get("provider").asText()).isEqualTo("openai");
    }

    @Test
    void updatesWithoutChangeAreDeduplicatedUntilRepeatInterval() {
        p = start(DEFAULT_ROUTE, "");
        Incident a = open(IncidentType.ERROR_LOOP, Severity.WARNING, "provider", "anthropic", "session", "s1");
        fx.step(p, Duration.ofSeconds(30));
        assertThat(hook.accepted()).hasSize(1);
        long occ = 1;
        // 3h55m of repeats that only raise the count: no new notification
        for (int i = 0; i < 47; i++) {
            p.updated(Incidents.update(a, fx.clock.instant(), ++occ, Severity.WARNING));
            fx.step(p, Duration.ofMinutes(5));
        }
        assertThat(hook.accepted()).hasSize(1);
        fx.step(p, Duration.ofMinutes(5));
        assertThat(bodies(hook)).hasSize(2);
        JsonNode repeat = bodies(hook).get(1);
        assertThat(repeat.get("kind").asText()).isEqualTo("repeat");
        assertThat(repeat.get("alerts").get(0).get("occurrences").asLong()).isEqualTo(occ);

        // a severity that goes up is news at the next flush
        p.updated(Incidents.update(a, fx.clock.instant(), ++occ, Severity.CRITICAL));
        fx.step(p, Duration.ofMinutes(5));
        assertThat(bodies(hook)).hasSize(3);
        assertThat(bodies(hook).get(2).get("kind").asText()).isEqualTo("update");
        assertThat(bodies(hook).get(2).get("changes").get("escalated").get(0).asText()).isEqualTo(a.id());
    }

    @Test
    void silenceMutesWhatItMatchesAndOnlyThat() {
        p = start(DEFAULT_ROUTE, "");
        Silence s = p.addSilence(List.of("provider=anthropic", "alertname=~provider_.*"), Duration.ofHours(1), "oncall", "known outage");
        assertThat(p.silences()).extracting(Silence::id).containsExactly(s.id());
        assertThat(p.stats().activeSilences()).isEqualTo(1);

        Incident muted = open(IncidentType.PROVIDER_RATE_LIMITED, Severity.CRITICAL, "provider", "anthropic");
        Incident otherProvider = open(IncidentType.PROVIDER_RATE_LIMITED, Severity.CRITICAL, "provider", "openai");
        Incident otherType = open(IncidentType.CHAIN_EXHAUSTED, Severity.CRITICAL, "provider", "anthropic");
        fx.step(p, Duration.ofSeconds(30));
        List<String> notified = new ArrayList<>();
        bodies(hook).forEach(b -> notified.addAll(alertIds(b)));
        assertThat(notified).containsExactlyInAnyOrder(otherProvider.id(), otherType.id());
        assertThat(p.stats().muted()).isPositive();

        // expiring the silence lets the muted alert through at its group's next flush
        assertThat(p.expireSilence(s.id())).isTrue();
        assertThat(p.expireSilence(s.id())).isFalse();
        assertThat(p.silences().get(0).stateAt(fx.clock.instant())).isEqualTo("expired");
        fx.step(p, Duration.ofMinutes(5));
        notified.clear();
        bodies(hook).forEach(b -> notified.addAll(alertIds(b)));
        assertThat(notified).contains(muted.id());

        // a silence that would mute everything is refused; so is one that already ended
        assertThatThrownBy(() -> p.addSilence(List.of("provider=~.*"), Duration.ofHours(1), "x", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.addSilence(new NewSilence(List.of("provider=a"), null, fx.clock.instant().minusSeconds(1), null, "x", "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void silencesSurviveARestartAndExpireByThemselves() {
        p = start(DEFAULT_ROUTE, """
                silences:
                  - matchers: ["provider=ollama"]
                    ends_at: 2026-11-23T12:00:00Z
                """);
        Silence api = p.addSilence(List.of("provider=openai"), Duration.ofMinutes(30), "oncall", "");
        p.close();
        p = start(DEFAULT_ROUTE, """
                silences:
                  - matchers: ["provider=ollama"]
                    ends_at: 2026-11-23T12:00:00Z
                """);
        assertThat(p.silences()).extracting(Silence::id).contains(api.id()).anyMatch(id -> id.startsWith("cfg-"));
        open(IncidentType.PROVIDER_UNHEALTHY, Severity.WARNING, "provider", "openai");
        open(IncidentType.PROVIDER_UNHEALTHY, Severity.WARNING, "provider", "ollama");
        fx.step(p, Duration.ofSeconds(30));
        assertThat(hook.accepted()).isEmpty();
        fx.step(p, Duration.ofMinutes(30)); // the API silence ends at 10:30
        assertThat(bodies(hook)).hasSize(1);
        assertThat(bodies(hook).get(0).get("groupLabels").get("provider").asText()).isEqualTo("openai");
        fx.step(p, Duration.ofMinutes(90)); // the config silence ends at 12:00
        assertThat(bodies(hook)).hasSize(2);
    }

    @Test
    void gatewayDownInhibitsProviderIncidentsOfTheSameGateway() {
        p = start(DEFAULT_ROUTE, """
                inhibit_rules:
                  - source_matchers: ["alertname=gateway_down"]
                    target_matchers: ["alertname=~provider_.*"]
                    equal: [gateway]
                """);
        Incident down = open(IncidentType.GATEWAY_DOWN, Severity.CRITICAL, "gateway", "gw1");
        Incident sameGw = open(IncidentType.PROVIDER_UNHEALTHY, Severity.WARNING, "gateway", "gw1", "provider", "anthropic");
        Incident otherGw = open(IncidentType.PROVIDER_UNHEALTHY, Severity.WARNING, "gateway", "gw2", "provider", "openai");
        fx.step(p, Duration.ofSeconds(30));
        List<String> notified = new ArrayList<>();
        bodies(hook).forEach(b -> notified.addAll(alertIds(b)));
        assertThat(notified).containsExactlyInAnyOrder(down.id(), otherGw.id());

        // the gateway comes back: the provider incident is no longer inhibited
        p.resolved(Incidents.resolve(down, fx.clock.instant()));
        fx.step(p, Duration.ofMinutes(5));
        notified.clear();
        bodies(hook).forEach(b -> notified.addAll(alertIds(b)));
        assertThat(notified).contains(sameGw.id());
    }

    @Test
    void resolvedNoticesFollowSendResolved() {
        p = fx.start("""
                receivers:
                  - {name: hook, type: webhook, url: %s, rate_limit: {burst: 0}}
                  - {name: other, type: webhook, url: %s, send_resolved: false, rate_limit: {burst: 0}}
                route:
                  receiver: hook
                  group_wait: 0s
                  routes:
                    - {matchers: ["provider=a"], receiver: hook, continue: true}
                    - {matchers: ["provider=a"], receiver: other}
                """.formatted(hook.url("/hook"), other.url("/other")));
        Incident a = open(IncidentType.QUOTA_EXHAUSTED, Severity.CRITICAL, "provider", "a");
        assertThat(hook.accepted()).as("continue: both routes").hasSize(1);
        assertThat(other.accepted()).hasSize(1);
        p.resolved(Incidents.resolve(a, fx.clock.instant()));
        fx.step(p, Duration.ofMinutes(5));
        assertThat(bodies(hook)).hasSize(2);
        assertThat(bodies(hook).get(1).get("status").asText()).isEqualTo("resolved");
        assertThat(other.accepted()).as("send_resolved: false").hasSize(1);
        assertThat(p.stats().groups()).isZero();
        assertThat(p.stats().alerts()).isZero();
    }

    @Test
    void rateLimitTurnsAStormIntoOneMessagePerGroup() {
        p = fx.start("""
                receivers:
                  - {name: hook, type: webhook, url: %s, rate_limit: {burst: 3, refill_every: 1m}}
                route: {receiver: hook, group_by: [alertname, provider], group_wait: 10s, group_interval: 5m}
                """.formatted(hook.url("/hook")));
        // a storm: 10 providers (10 groups), 5 incidents each, within 20 seconds
        for (int i = 0; i < 50; i++) {
            p.opened(Incidents.open(IncidentType.PROVIDER_OVERLOADED, Severity.WARNING,
                    labels("provider", "p" + (i % 10), "session", "s" + i), fx.clock.instant()));
        }
        fx.settle(p);
        fx.step(p, Duration.ofSeconds(10));
        assertThat(hook.accepted()).as("burst").hasSize(3);
        fx.step(p, Duration.ofSeconds(30));
        assertThat(hook.accepted()).hasSize(3);
        fx.step(p, Duration.ofSeconds(30));
        assertThat(hook.accepted()).as("one more per minute").hasSize(4);
        for (int i = 0; i < 8; i++) fx.step(p, Duration.ofMinutes(1));
        List<JsonNode> bodies = bodies(hook);
        Map<String, Integer> perGroup = new HashMap<>();
        bodies.forEach(b -> perGroup.merge(b.get("groupKey").asText(), 1, Integer::sum));
        assertThat(perGroup).hasSize(10);
        assertThat(perGroup.values()).as("exactly one message per group").allMatch(n -> n == 1);
        assertThat(bodies).allMatch(b -> b.get("firingCount").asInt() == 5);
        assertThat(p.stats().rateLimited()).isPositive();
    }

    @Test
    void aRestartDoesNotRenotifyWhatWasAlreadySent() {
        p = start(DEFAULT_ROUTE, "");
        Incident a = open(IncidentType.CONTEXT_PRESSURE, Severity.WARNING, "provider", "anthropic", "session", "s1");
        fx.step(p, Duration.ofSeconds(30));
        assertThat(hook.accepted()).hasSize(1);
        p.close();
        // the incident tracker re-announces its open incidents after a restart
        p = start(DEFAULT_ROUTE, "");
        p.opened(Incidents.update(a, fx.clock.instant(), 3, Severity.WARNING));
        fx.settle(p);
        for (int i = 0; i < 6; i++) fx.step(p, Duration.ofMinutes(5));
        assertThat(hook.accepted()).hasSize(1);
        p.resolved(Incidents.resolve(a, fx.clock.instant()));
        fx.step(p, Duration.ofMinutes(5));
        assertThat(bodies(hook)).hasSize(2);
        assertThat(bodies(hook).get(1).get("kind").asText()).isEqualTo("resolved");
    }

    @Test
    void theListenerNeverBlocksEvenWhenEveryReceiverHangs() {
        hook.respond(r -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HttpStub.Reply.ok();
        });
        p = start("  receiver: hook\n  group_by: ['...']\n  group_wait: 0s", "");
        long worst = 0;
        for (int i = 0; i < 200; i++) {
            Incident inc = Incidents.open(IncidentType.REQUEST_REJECTED, Severity.INFO, labels("session", "s" + i), fx.clock.instant());
            long t = System.nanoTime();
            p.opened(inc);
            worst = Math.max(worst, System.nanoTime() - t);
        }
        assertThat(Duration.ofNanos(worst)).as("the detection thread never waits for a receiver").isLessThan(Duration.ofMillis(500));
    }
}
