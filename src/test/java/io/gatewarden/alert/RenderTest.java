package io.gatewarden.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.Gson;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import org.junit.jupiter.api.Test;
import io.gatewarden.secret.Redactor;
import io.gatewarden.secret.Secret;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Message layouts: Slack's limits hold for big groups, the webhook body has its documented shape, credentials are masked. */
class RenderTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:02:13Z");

    static Notification sample(int alerts, Notification.Kind kind) {
        List<AlertView> views = new ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            views.add(new AlertView("provider_rate_limited{model=claude-opus-4,provider=anthropic,session=" + (i == 0 ? "8f2c" : "s" + i) + "}@" + T0,
                    kind == Notification.Kind.RESOLVED ? AlertView.RESOLVED : AlertView.FIRING, "provider_rate_limited", "critical",
                    Map.of("alertname", "provider_rate_limited", "severity", "critical", "provider", "anthropic", "model", "claude-opus-4",
                            "profile", "anthropic:default", "session", i == 0 ? "8f2c" : "s" + i),
                    T0, T0.plus(Duration.ofMinutes(4)), kind == Notification.Kind.RESOLVED ? T0.plus(Duration.ofMinutes(14)) : null, 12,
                    "anthropic/claude-opus-4 answers 429 rate_limit_error; the gateway retries the same model (3/9) before falling back",
                    List.of("10:02:13 [agent/embedded] transient same-model retry 1/9 provider=anthropic model=claude-opus-4 reason=rate_limit",
                            "10:06:01 [agent/embedded] model_fallback_decision candidate_failed anthropic/claude-opus-4 reason=rate_limit status=429 next_fallback"),
                    "https://runbooks.example.invalid/gatewarden/provider_rate_limited",
                    List.of("opened breaker anthropic:default × claude-opus-4 at 10:02:41Z", "switched primary to openai/gpt-5 at 10:02:42Z (config hot reload applied)")));
        }
        List<ChainRungView> chain = List.of(
                new ChainRungView("anthropic", "claude-opus-4", "anthropic:default", "open", false),
                new ChainRungView("openai", "gpt-5", "openai:default", "closed", true),
                new ChainRungView("ollama", "qwen3:8b", "ollama:default", "half_open", false));
        boolean resolved = kind == Notification.Kind.RESOLVED;
        return new Notification("3f9a1c0e7b2d4e6f8a0b1c2d3e4f5a6b", 7, "ops-slack", kind,
                "0.0/ops-slack{alertname=\"provider_rate_limited\",provider=\"anthropic\"}", "3f9a1c0e7b2d4e6f8a0b1c2d3e4f5a6b",
                Map.of("alertname", "provider_rate_limited", "provider", "anthropic"),
                Map.of("alertname", "provider_rate_limited", "provider", "anthropic", "severity", "critical"),
                views, resolved ? 0 : alerts, resolved ? alerts : 0, Notification.Changes.NONE, chain, T0.plusSeconds(30), "http://127.0.0.1:9464/");
    }

    @Test
    void slackLayoutStaysWithinSlackLimitsForAHugeGroup() {
        SlackRender r = new SlackRender(10);
        Notification n = sample(100, Notification.Kind.FIRING);
        List<LayoutBlock> blocks = r.full(n);
        assertThat(blocks.size()).isLessThanOrEqualTo(50);
        JsonNode json = Fixture.json(GsonFactory.createSnakeCase().toJson(blocks).getBytes());
        json.forEach(b -> {
            if (b.has("text")) assertThat(b.get("text").get("text").asText().length()).isLessThanOrEqualTo(b.get("type").asText().equals("header") ? 150 : 3000);
            if (b.has("fields")) assertThat(b.get("fields").size()).isLessThanOrEqualTo(10);
        });
        assertThat(json.toString()).contains("… and 90 more");
        assertThat(r.fallbackText(n, false)).startsWith("🔴 FIRING · provider_rate_limited · anthropic");
    }

    @Test
    void writesTheDocumentedExamples() throws Exception {
        Gson gson = GsonFactory.createSnakeCase().newBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        SlackRender r = new SlackRender(10);
        Path out = Path.of("target/alert-examples");
        Files.createDirectories(out);
        Files.writeString(out.resolve("slack-parent.json"), gson.toJson(r.full(sample(1, Notification.Kind.FIRING))));
        Files.writeString(out.resolve("slack-resolved.json"), gson.toJson(r.full(sample(1, Notification.Kind.RESOLVED))));
        Notification upd = sample(3, Notification.Kind.UPDATE);
        upd = new Notification(upd.idempotencyKey(), upd.seq(), upd.receiver(), upd.kind(), upd.groupKey(), upd.episode(), upd.groupLabels(),
                upd.commonLabels(), upd.alerts(), 3, 0, new Notification.Changes(List.of(upd.alerts().get(2).id()), List.of(), List.of()),
                upd.chain(), upd.createdAt(), upd.externalUrl());
        Files.writeString(out.resolve("slack-reply.json"), gson.toJson(r.reply(upd)));
        byte[] body = WebhookBody.render(sample(1, Notification.Kind.FIRING));
        JsonNode w = Fixture.json(body);
        Files.writeString(out.resolve("webhook.json"), Fixture.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(w));
        Files.writeString(out.resolve("alertmanager.json"), Fixture.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(Fixture.json(AlertmanagerNotifier.render(sample(1, Notification.Kind.FIRING)))));
        Files.writeString(out.resolve("console.txt"), ConsoleNotifier.format(sample(3, Notification.Kind.FIRING)));
        // the webhook body's documented top-level fields
        assertThat(w.fieldNames()).toIterable().containsExactly("version", "source", "idempotencyKey", "receiver", "kind", "status",
                "groupKey", "groupLabels", "commonLabels", "externalURL", "createdAt", "firingCount", "resolvedCount",
                "truncatedAlerts", "changes", "alerts", "chain");
        assertThat(w.get("alerts").get(0).fieldNames()).toIterable().containsExactly("id", "status", "type", "severity", "labels",
                "summary", "startsAt", "lastSeenAt", "endsAt", "occurrences", "evidence", "runbookURL", "actions");
    }

    @Test
    void credentialLookingTextIsMasked() {
        String line = "{\"apiKey\":\"sk-ant-api03-FakeEfGhIjKlMnOpQrStUv\"} Authorization: Bearer abcdefghijklmnopqrstuvwxyz xoxb-1-2-abcdefghijkl token=hunter2hunter2";
        String masked = Redactor.none().scrub(line);
        assertThat(masked).doesNotContain("sk-ant-api03-Fake").doesNotContain("abcdefghijklmnopqrstuvwxyz")
                .doesNotContain("xoxb-1-2-abcdefghijkl").doesNotContain("hunter2hunter2").contains("fp:");
        assertThat(Redactor.none().scrub("model=claude-opus-4 reason=rate_limit status=429")).isEqualTo("model=claude-opus-4 reason=rate_limit status=429");
        Redactor r = new Redactor(List.of(Secret.of("https://hooks.example.invalid/services/T1/B2/XyZsecretPart123")));
        assertThat(r.scrub("POST /services/T1/B2/XyZsecretPart123 failed")).doesNotContain("XyZsecretPart123");
    }

    @Test
    void tokenBucketAndBackoff() {
        TokenBucket b = new TokenBucket(new AlertSettings.RateLimit(2, Duration.ofMinutes(1)), T0);
        assertThat(b.tryTake(T0)).isTrue();
        assertThat(b.tryTake(T0)).isTrue();
        assertThat(b.tryTake(T0)).isFalse();
        assertThat(b.nextTokenAt(T0)).isEqualTo(T0.plusSeconds(60));
        assertThat(b.tryTake(T0.plusSeconds(59))).isFalse();
        assertThat(b.tryTake(T0.plusSeconds(60))).isTrue();
        Backoff bo = new Backoff(new AlertSettings.Retry(Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 0.2, null), new java.util.Random(1));
        assertThat(bo.delay(1, null)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
        assertThat(bo.delay(4, null)).isBetween(Duration.ofMillis(6400), Duration.ofSeconds(8));
        assertThat(bo.delay(30, null)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
        assertThat(bo.delay(1, Duration.ofSeconds(42))).isEqualTo(Duration.ofSeconds(42));
        assertThat(bo.delay(1, Duration.ofDays(1))).isEqualTo(Duration.ofHours(1));
        assertThat(Http.parseRetryAfter("Mon, 23 Nov 2026 10:02:43 GMT", java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC))).isEqualTo(Duration.ofSeconds(30));
    }
}
