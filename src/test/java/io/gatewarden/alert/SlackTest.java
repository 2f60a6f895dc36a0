package io.gatewarden.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.gatewarden.alert.Incidents.labels;
import static org.assertj.core.api.Assertions.assertThat;

/** The real slack-api-client against a local stub of Slack's Web API and incoming webhooks. */
class SlackTest {
    static final String TOKEN = "xoxb-1234567890-0987654321-fakeTOKENvalue";

    @TempDir Path tmp;
    Fixture fx;
    WireMockServer slack;
    AlertPipeline p;

    @BeforeEach
    void setUp() {
        fx = new Fixture(tmp);
        fx.env = Map.of("SLACK_BOT_TOKEN", TOKEN);
        slack = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        slack.start();
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(
                okJson("{\"ok\":true,\"channel\":\"C0ALERTS\",\"ts\":\"17000{{randomValue length=5 type='NUMERIC'}}.{{randomValue length=6 type='NUMERIC'}}\"}")
                        .withTransformers("response-template")));
        slack.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true,\"channel\":\"C0ALERTS\",\"ts\":\"1\"}")));
    }

    @AfterEach
    void tearDown() {
        if (p != null) p.close();
        slack.stop();
    }

    private AlertPipeline startBot(String routeExtra) {
        return fx.start("""
                receivers:
                  - name: ops-slack
                    type: slack
                    token_env: SLACK_BOT_TOKEN
                    channel: "#gateway-ops"
                    api_url: %s/api/
                    timeout: 5s
                route:
                  receiver: ops-slack
                  group_by: [alertname, provider]
                %s
                runbook_base_url: https://runbooks.example.invalid/gw/
                """.formatted(slack.baseUrl(), routeExtra));
    }

    static Map<String, String> form(LoggedRequest r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : r.getBodyAsString().split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    /** chat.postMessage calls in order, each with its form and the ts the stub answered. */
    private List<Map<String, String>> posts(String method) {
        List<Map<String, String>> out = new ArrayList<>();
        var events = new ArrayList<>(slack.getAllServeEvents());
        java.util.Collections.reverse(events); // WireMock lists newest first
        for (var e : events) {
            if (!e.getRequest().getUrl().equals("/api/" + method)) continue;
            Map<String, String> f = form(e.getRequest());
            if (e.getResponse().getStatus() == 200) {
                JsonNode resp = Fixture.json(e.getResponse().getBody());
                if (resp.has("ts")) f.put("_answered_ts", resp.get("ts").asText());
            }
            f.put("_status", Integer.toString(e.getResponse().getStatus()));
            f.put("_auth", e.getRequest().getHeader("Authorization"));
            out.add(f);
        }
        return out;
    }

    @Test
    void hundredIncidentsOfOneGroupBecomeOneMessageWithThreadUpdatesAndTheParentIsEditedOnResolve() {
        p = startBot("");
        List<Incident> incidents = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Incident inc = Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, i < 90 ? Severity.WARNING : Severity.CRITICAL,
                    labels("provider", "anthropic", "model", "claude-opus-4", "profile", "anthropic:default", "session", "sess-" + i),
                    fx.clock.instant());
            incidents.add(inc);
            p.opened(inc);
            fx.step(p, Duration.ofMillis(600)); // 100 incidents in 60 s
        }
        // the storm keeps going: occurrences rise, nothing new to say
        for (int k = 0; k < 5; k++) {
            for (int i = 0; i < 100; i += 7) p.updated(Incidents.update(incidents.get(i), fx.clock.instant(), 2 + k, incidents.get(i).severity()));
            fx.step(p, Duration.ofMinutes(1));
        }
        List<Map<String, String>> msgs = posts("chat.postMessage");
        List<Map<String, String>> parents = msgs.stream().filter(m -> !m.containsKey("thread_ts")).toList();
        assertThat(parents).as("one parent message for the group").hasSize(1);
        Map<String, String> parent = parents.get(0);
        String parentTs = parent.get("_answered_ts");
        assertThat(parent.get("channel")).isEqualTo("#gateway-ops");
        assertThat(parent.get("_auth")).isEqualTo("Bearer " + TOKEN);
        assertThat(parent.get("text")).contains("FIRING").contains("provider_rate_limited").contains("anthropic");
        String blocks = parent.get("blocks");
        assertThat(blocks).contains("What happened").contains("Provider").contains("claude-opus-4").contains("anthropic:default")
                .contains("How often").contains("Evidence").contains("Suggested").contains("Runbook: provider_rate_limited")
                .contains("https://runbooks.example.invalid/gw/provider_rate_limited");
        List<Map<String, String>> replies = msgs.stream().filter(m -> m.containsKey("thread_ts")).toList();
        assertThat(replies).as("the rest of the storm went into the thread").isNotEmpty();
        assertThat(replies).allMatch(r -> r.get("thread_ts").equals(parentTs));
        assertThat(msgs.size()).as("a handful of messages, not 100").isLessThanOrEqualTo(3);
        assertThat(replies.get(0).get("blocks")).contains("Update").contains("new");

        // everything resolves: a reply in the thread, and the parent is edited
        for (Incident inc : incidents) p.resolved(Incidents.resolve(inc, fx.clock.instant()));
        fx.settle(p);
        fx.step(p, Duration.ofMinutes(5));
        List<Map<String, String>> updates = posts("chat.update");
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).get("ts")).isEqualTo(parentTs);
        assertThat(updates.get(0).get("channel")).isEqualTo("C0ALERTS");
        assertThat(updates.get(0).get("text")).contains("RESOLVED");
        assertThat(updates.get(0).get("blocks")).contains("Resolved");
        List<Map<String, String>> after = posts("chat.postMessage");
        assertThat(after.get(after.size() - 1).get("thread_ts")).isEqualTo(parentTs);
        assertThat(after.get(after.size() - 1).get("blocks")).contains("Resolved");
        assertThat(after.stream().filter(m -> !m.containsKey("thread_ts")).count()).isEqualTo(1);

        // a new episode of the same group starts a new parent
        p.opened(Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, labels("provider", "anthropic", "session", "new"), fx.clock.instant()));
        fx.settle(p);
        fx.step(p, Duration.ofSeconds(30));
        assertThat(posts("chat.postMessage").stream().filter(m -> !m.containsKey("thread_ts")).count()).isEqualTo(2);
    }

    @Test
    void chainAndActionsFromTheContextAreShown() {
        AlertContext ctx = new AlertContext() {
            @Override public List<String> actionsFor(Incident incident) {
                return List.of("opened breaker anthropic:default × claude-opus-4", "switched primary to openai/gpt-5");
            }

            @Override public List<ChainRungView> chain() {
                return List.of(new ChainRungView("anthropic", "claude-opus-4", "anthropic:default", "open", false),
                        new ChainRungView("openai", "gpt-5", "openai:default", "closed", true));
            }
        };
        p = fx.start(Fixture.settings("""
                receivers:
                  - {name: ops-slack, type: slack, token_env: SLACK_BOT_TOKEN, channel: C1, api_url: %s/api/}
                route: {receiver: ops-slack, group_wait: 0s}
                """.formatted(slack.baseUrl())), ctx);
        p.opened(Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, Severity.CRITICAL, labels("provider", "anthropic"), fx.clock.instant()));
        fx.settle(p);
        String blocks = posts("chat.postMessage").get(0).get("blocks");
        assertThat(blocks).contains("What gatewarden did").contains("switched primary to openai/gpt-5")
                .contains("Chain").contains("anthropic/claude-opus-4").contains("`open`").contains("`closed`").contains("_primary_");
    }

    @Test
    void slack429IsRetriedAfterRetryAfterWithoutASecondParent() {
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).inScenario("rl").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{\"ok\":false,\"error\":\"ratelimited\"}"))
                .willSetStateTo("ok"));
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).inScenario("rl").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C0ALERTS\",\"ts\":\"1700000000.000200\"}")));
        p = startBot("  group_wait: 0s\n");
        p.opened(Incidents.open(IncidentType.QUOTA_EXHAUSTED, Severity.CRITICAL, labels("provider", "anthropic"), fx.clock.instant()));
        fx.settle(p);
        assertThat(posts("chat.postMessage")).hasSize(1);
        fx.step(p, Duration.ofSeconds(20));
        assertThat(posts("chat.postMessage")).as("waits for Retry-After").hasSize(1);
        fx.step(p, Duration.ofSeconds(11));
        assertThat(posts("chat.postMessage")).hasSize(2);
        assertThat(p.stats().receiver("ops-slack").delivered()).isEqualTo(1);
        assertThat(p.stats().receiver("ops-slack").pending()).isZero();
    }

    @Test
    void aFailedParentEditIsRetriedWithoutRepostingTheReply() {
        slack.stubFor(post(urlEqualTo("/api/chat.update")).inScenario("upd").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        slack.stubFor(post(urlEqualTo("/api/chat.update")).inScenario("upd").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"ok\":true}")));
        p = startBot("  group_wait: 0s\n");
        Incident inc = Incidents.open(IncidentType.GATEWAY_DOWN, Severity.CRITICAL, labels("gateway", "gw1"), fx.clock.instant());
        p.opened(inc);
        fx.settle(p);
        p.resolved(Incidents.resolve(inc, fx.clock.instant()));
        fx.step(p, Duration.ofMinutes(5));
        assertThat(posts("chat.update")).hasSize(1);
        fx.step(p, Duration.ofSeconds(5));
        assertThat(posts("chat.update")).hasSize(2);
        List<Map<String, String>> msgs = posts("chat.postMessage");
        assertThat(msgs).as("parent + one resolved reply, not two").hasSize(2);
        assertThat(p.stats().receiver("ops-slack").pending()).isZero();
    }

    @Test
    void invalidAuthIsPermanent() {
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(okJson("{\"ok\":false,\"error\":\"invalid_auth\"}")));
        p = startBot("  group_wait: 0s\n");
        p.opened(Incidents.open(IncidentType.GATEWAY_CRASHED, Severity.CRITICAL, labels(), fx.clock.instant()));
        fx.settle(p);
        fx.step(p, Duration.ofMinutes(10));
        assertThat(posts("chat.postMessage")).hasSize(1);
        assertThat(p.stats().receiver("ops-slack").permanentFailures()).isEqualTo(1);
        assertThat(p.stats().receiver("ops-slack").lastError()).contains("invalid_auth");
    }

    @Test
    void incomingWebhookModePostsBlockKitJson() {
        String hookPath = "/services/T0GW/B0GW/s3cr3tW3bh00kPath";
        slack.stubFor(post(urlEqualTo(hookPath)).willReturn(aResponse().withStatus(200).withBody("ok")));
        fx.env = Map.of("SLACK_WEBHOOK_URL", slack.baseUrl() + hookPath);
        p = fx.start("""
                receivers:
                  - {name: slack-hook, type: slack, webhook_url_env: SLACK_WEBHOOK_URL}
                route: {receiver: slack-hook, group_wait: 0s}
                """);
        Incident inc = Incidents.open(IncidentType.CHAIN_EXHAUSTED, Severity.CRITICAL, labels("provider", "anthropic", "session", "abc"), fx.clock.instant());
        p.opened(inc);
        fx.settle(p);
        p.resolved(Incidents.resolve(inc, fx.clock.instant()));
        fx.step(p, Duration.ofMinutes(5));
        List<LoggedRequest> reqs = slack.findAll(postRequestedFor(urlEqualTo(hookPath)));
        assertThat(reqs).hasSize(2);
        JsonNode first = Fixture.json(reqs.get(0).getBody());
        assertThat(first.get("text").asText()).contains("FIRING").contains("chain_exhausted");
        assertThat(first.get("blocks").get(0).get("type").asText()).isEqualTo("header");
        assertThat(first.toString()).contains("What happened").contains("Every model of the chain failed");
        JsonNode second = Fixture.json(reqs.get(1).getBody());
        assertThat(second.get("text").asText()).contains("RESOLVED");
        assertThat(p.stats().receiver("slack-hook").endpoint()).doesNotContain("s3cr3t").contains("fp:");
        slack.verify(2, postRequestedFor(urlEqualTo(hookPath)).withHeader("Content-Type", containing("application/json")));
    }
}
