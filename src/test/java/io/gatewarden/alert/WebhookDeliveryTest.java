package io.gatewarden.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.gatewarden.alert.Incidents.labels;
import static org.assertj.core.api.Assertions.assertThat;

class WebhookDeliveryTest {
    static final String SECRET = "whsec-7f3a9c1e55d04b2a";

    @TempDir Path tmp;
    Fixture fx;
    HttpStub hook;
    AlertPipeline p;

    @BeforeEach
    void setUp() throws Exception {
        fx = new Fixture(tmp);
        fx.env = Map.of("HOOK_SECRET", SECRET);
        hook = new HttpStub(fx.clock);
    }

    @AfterEach
    void tearDown() {
        if (p != null) p.close();
        hook.close();
    }

    private AlertPipeline start(String extra) {
        return fx.start("""
                receivers:
                  - name: hook
                    type: webhook
                    url: %s
                    secret_env: HOOK_SECRET
                    headers: {X-Team: platform}
                    rate_limit: {burst: 0}
                route:
                  receiver: hook
                  group_by: [alertname, provider]
                %s
                """.formatted(hook.url("/hook"), extra));
    }

    @Test
    void signsTheBodyAndSendsAStableIdempotencyKey() throws Exception {
        p = start("");
        Instant t0 = fx.clock.instant();
        Incident inc = Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, labels("provider", "anthropic", "model", "claude-opus-4"), t0);
        p.opened(inc);
        fx.settle(p);
        fx.step(p, Duration.ofSeconds(29));
        assertThat(hook.requests()).as("group_wait is 30s").isEmpty();
        fx.step(p, Duration.ofSeconds(1));
        assertThat(hook.requests()).hasSize(1);

        HttpStub.Request r = hook.requests().get(0);
        String ts = r.header("X-Gatewarden-Timestamp");
        assertThat(Long.parseLong(ts)).isEqualTo(fx.clock.instant().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
        assertThat(r.header("X-Gatewarden-Signature")).isEqualTo(expected);
        assertThat(r.header("X-Team")).isEqualTo("platform");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");

        JsonNode body = Fixture.json(r.body());
        assertThat(body.get("version").asText()).isEqualTo("1");
        assertThat(body.get("idempotencyKey").asText()).isEqualTo(r.header("Idempotency-Key"));
        assertThat(body.get("kind").asText()).isEqualTo("firing");
        assertThat(body.get("status").asText()).isEqualTo("firing");
        assertThat(body.get("groupLabels").get("provider").asText()).isEqualTo("anthropic");
        JsonNode a = body.get("alerts").get(0);
        assertThat(a.get("id").asText()).isEqualTo(inc.id());
        assertThat(a.get("type").asText()).isEqualTo("provider_rate_limited");
        assertThat(a.get("labels").get("model").asText()).isEqualTo("claude-opus-4");
        assertThat(a.get("startsAt").asText()).isEqualTo(t0.toString());
        assertThat(a.get("endsAt").isNull()).isTrue();

        // resolved: one more notification, same group, status resolved
        p.resolved(Incidents.resolve(inc, fx.clock.instant()));
        fx.step(p, Duration.ofMinutes(5));
        assertThat(hook.requests()).hasSize(2);
        JsonNode resolved = Fixture.json(hook.requests().get(1).body());
        assertThat(resolved.get("kind").asText()).isEqualTo("resolved");
        assertThat(resolved.get("alerts").get(0).get("endsAt").asText()).isNotEmpty();
        assertThat(resolved.get("changes").get("newlyResolved").get(0).asText()).isEqualTo(inc.id());
        assertThat(resolved.get("idempotencyKey").asText()).isNotEqualTo(body.get("idempotencyKey").asText());
    }

    @Test
    void receiverDownForFiveMinutesGetsEveryNotificationExactlyOnce() throws Exception {
        p = start("  group_wait: 10s\n  group_interval: 1m\n");
        Instant t0 = fx.clock.instant();
        Instant recovers = t0.plus(Duration.ofMinutes(5));
        hook.respond(r -> fx.clock.instant().isBefore(recovers) ? HttpStub.Reply.status(500) : HttpStub.Reply.ok());

        // 12 incidents in 6 providers (6 groups) over the outage; half of them resolve during it
        List<Incident> opened = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Incident inc = Incidents.open(IncidentType.PROVIDER_OVERLOADED, Severity.WARNING,
                    labels("provider", "p" + (i % 6), "session", "s" + i), fx.clock.instant());
            opened.add(inc);
            p.opened(inc);
            fx.settle(p);
            fx.step(p, Duration.ofSeconds(15));
            if (i % 2 == 1) p.resolved(Incidents.resolve(opened.get(i - 1), fx.clock.instant()));
        }
        while (fx.clock.instant().isBefore(t0.plus(Duration.ofMinutes(20)))) fx.step(p, Duration.ofSeconds(5));

        AlertStats stats = p.stats();
        AlertStats.ReceiverStats hs = stats.receiver("hook");
        assertThat(hs.pending()).isZero();
        assertThat(hs.permanentFailures()).isZero();
        assertThat(hs.failedAttempts()).as("it was down").isPositive();

        List<HttpStub.Request> accepted = hook.accepted();
        Map<String, Integer> perKey = new HashMap<>();
        for (HttpStub.Request r : accepted) perKey.merge(r.header("Idempotency-Key"), 1, Integer::sum);
        assertThat(perKey.values()).as("each notification accepted exactly once").allMatch(n -> n == 1);
        assertThat((long) accepted.size()).as("every queued notification arrived").isEqualTo(stats.notificationsQueued());
        assertThat(accepted).allMatch(r -> !r.receivedAt().isBefore(recovers));

        // every incident was announced firing, and the six resolved ones as resolved, firing before resolved per group
        Set<String> firingSeen = new HashSet<>();
        Set<String> resolvedSeen = new HashSet<>();
        Map<String, List<String>> kindsPerGroup = new HashMap<>();
        for (HttpStub.Request r : accepted) {
            JsonNode b = Fixture.json(r.body());
            kindsPerGroup.computeIfAbsent(b.get("groupKey").asText(), k -> new ArrayList<>()).add(b.get("kind").asText());
            for (JsonNode a : b.get("alerts")) (a.get("status").asText().equals("firing") ? firingSeen : resolvedSeen).add(a.get("id").asText());
        }
        assertThat(firingSeen).containsAll(opened.stream().map(Incident::id).toList());
        assertThat(resolvedSeen).containsAll(Stream.iterate(0, i -> i + 2).limit(6).map(i -> opened.get(i).id()).toList());
        kindsPerGroup.values().forEach(kinds -> assertThat(kinds.get(0)).isEqualTo("firing"));
        // a receiver-wide backoff: a handful of probes during 5 minutes, not one per notification per second
        long failures = hook.requests().stream().filter(r -> r.status() == 500).count();
        assertThat(failures).isBetween(3L, 20L);
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        p = start("  group_wait: 0s\n");
        int[] calls = {0};
        hook.respond(r -> ++calls[0] == 1 ? new HttpStub.Reply(429, Map.of("Retry-After", "120"), "slow down") : HttpStub.Reply.ok());
        p.opened(Incidents.open(IncidentType.QUOTA_BURN, Severity.INFO, labels("provider", "openai"), fx.clock.instant()));
        fx.settle(p);
        assertThat(hook.requests()).hasSize(1);
        for (int i = 0; i < 11; i++) fx.step(p, Duration.ofSeconds(10));
        assertThat(hook.requests()).as("no retry before Retry-After").hasSize(1);
        assertThat(p.stats().receiver("hook").nextAttemptAt()).isNotNull();
        fx.step(p, Duration.ofSeconds(11));
        assertThat(hook.requests()).hasSize(2);
        assertThat(hook.accepted()).hasSize(1);
        assertThat(hook.requests().get(0).header("Idempotency-Key")).isEqualTo(hook.requests().get(1).header("Idempotency-Key"));
    }

    @Test
    void aPermanentFailureIsRecordedAndNotRetried() throws Exception {
        p = start("  group_wait: 0s\n");
        hook.respond(r -> new HttpStub.Reply(404, Map.of(), "no such hook"));
        p.opened(Incidents.open(IncidentType.CHAIN_EXHAUSTED, Severity.CRITICAL, labels("provider", "anthropic"), fx.clock.instant()));
        fx.settle(p);
        for (int i = 0; i < 10; i++) fx.step(p, Duration.ofMinutes(1));
        assertThat(hook.requests()).hasSize(1);
        AlertStats.ReceiverStats hs = p.stats().receiver("hook");
        assertThat(hs.permanentFailures()).isEqualTo(1);
        assertThat(hs.pending()).isZero();
        assertThat(hs.lastError()).contains("HTTP 404");
        Path failed = tmp.resolve("alert/outbox/hook/failed");
        try (Stream<Path> files = Files.list(failed)) {
            List<Path> l = files.toList();
            assertThat(l).hasSize(1);
            assertThat(Files.readString(l.get(0))).contains("HTTP 404").contains("\"notification\"");
        }
    }

    @Test
    void givesUpAfterGiveUpAfter() throws Exception {
        p = fx.start("""
                receivers:
                  - {name: hook, type: webhook, url: %s, rate_limit: {burst: 0}}
                route: {receiver: hook, group_wait: 0s}
                retry: {initial: 1s, max: 1m, give_up_after: 10m}
                """.formatted(hook.url("/hook")));
        hook.respond(r -> HttpStub.Reply.status(503));
        p.opened(Incidents.open(IncidentType.PROVIDER_UNHEALTHY, Severity.WARNING, labels("provider", "x"), fx.clock.instant()));
        fx.settle(p);
        for (int i = 0; i < 15; i++) fx.step(p, Duration.ofMinutes(1));
        AlertStats.ReceiverStats hs = p.stats().receiver("hook");
        assertThat(hs.permanentFailures()).isEqualTo(1);
        assertThat(hs.pending()).isZero();
        int attempts = hook.requests().size();
        for (int i = 0; i < 5; i++) fx.step(p, Duration.ofMinutes(1));
        assertThat(hook.requests()).hasSize(attempts);
    }

    @Test
    void aCorruptOutboxFileIsSetAsideAndTheRestIsDelivered() throws Exception {
        Path dir = tmp.resolve("alert/outbox/hook");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("0000000000000000005-deadbeef.json"), "{\"idempotency_key\": \"deadbeef\", truncated");
        p = start("  group_wait: 0s\n");
        p.opened(Incidents.open(IncidentType.GATEWAY_RESTARTED, Severity.INFO, labels(), fx.clock.instant()));
        fx.settle(p);
        assertThat(hook.accepted()).hasSize(1);
        assertThat(dir.resolve("failed/0000000000000000005-deadbeef.json")).exists();
        assertThat(Files.readString(dir.resolve("failed/0000000000000000005-deadbeef.json.reason"))).contains("unreadable");
        assertThat(Fixture.json(hook.accepted().get(0).body()).get("alerts").get(0).get("type").asText()).isEqualTo("gateway_restarted");
    }
}
