package io.gatewarden.alert;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gatewarden.config.ConfigMapper;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.secret.Fingerprint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.gatewarden.alert.Incidents.labels;
import static org.assertj.core.api.Assertions.assertThat;

/** A full run with every kind of secret configured; then every output is scanned for them. */
class SecretsScanTest {
    static final String SLACK_TOKEN = "xoxb-9999-8888-SCANfakeTOKENsecret";
    static final String SLACK_HOOK_PATH = "/services/T9/B9/SCANslackHOOKsecret";
    static final String HOOK_PATH = "/hook/SCANwebhookPATHsecret";
    static final String HMAC_SECRET = "SCANhmacSECRETvalue";
    static final String HOOK_AUTH = "Bearer SCANheaderSECRETvalue";
    static final String AM_AUTH = "Basic U0NBTmFtQVVUSHNlY3JldA==";
    static final String HEARTBEAT_PATH = "/ping/SCANheartbeatSECRET";
    static final String PROVIDER_KEY = "sk-ant-api03-SCANfakeKEYfromTHElog0123456789";

    @TempDir Path tmp;
    WireMockServer slack;
    HttpStub hook;
    HttpStub am;
    AlertPipeline p;
    final List<String> logs = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) {
            synchronized (logs) {
                logs.add(r.getLoggerName() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                        + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }
        }
        @Override public void flush() {}
        @Override public void close() {}
    };

    @AfterEach
    void tearDown() {
        if (p != null) p.close();
        if (slack != null) slack.stop();
        if (hook != null) hook.close();
        if (am != null) am.close();
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void noConfiguredSecretAppearsInAnyOutput() throws Exception {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        for (String name : List.of("io.gatewarden", "com.slack", "okhttp3")) Logger.getLogger(name).setLevel(Level.ALL);

        Fixture fx = new Fixture(tmp.resolve("state"));
        slack = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        slack.start();
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(okJson("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000000.000100\"}")));
        slack.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true}")));
        slack.stubFor(post(urlEqualTo(SLACK_HOOK_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        slack.stubFor(post(urlPathMatching("/services/.*/nope")).willReturn(aResponse().withStatus(404).withBody("no_service")));
        hook = new HttpStub(fx.clock);
        int[] hookCalls = {0};
        hook.respond(r -> r.path().startsWith("/ping") ? HttpStub.Reply.ok()
                : ++hookCalls[0] <= 2 ? new HttpStub.Reply(500, Map.of(), "upstream failed for " + r.path()) : HttpStub.Reply.ok());
        am = new HttpStub(fx.clock);
        am.respond(r -> new HttpStub.Reply(400, Map.of(), "bad alert"));

        Path hookUrlFile = tmp.resolve("hook-url");
        Files.writeString(hookUrlFile, hook.url(HOOK_PATH) + "\n");
        fx.env = Map.of("SLACK_TOKEN", SLACK_TOKEN, "SLACK_HOOK", slack.baseUrl() + SLACK_HOOK_PATH,
                "HOOK_SECRET", HMAC_SECRET, "HOOK_AUTH", HOOK_AUTH, "AM_AUTH", AM_AUTH, "HB", hook.url(HEARTBEAT_PATH),
                "SLACK_HOOK_BAD", slack.baseUrl() + "/services/T9/B9/SCANsecondHOOKsecret/nope");
        AlertSettings settings = Fixture.settings("""
                receivers:
                  - {name: console, type: console}
                  - {name: bot, type: slack, token_env: SLACK_TOKEN, channel: C1, api_url: %s/api/}
                  - {name: slackhook, type: slack, webhook_url_env: SLACK_HOOK}
                  - {name: badhook, type: slack, webhook_url_env: SLACK_HOOK_BAD}
                  - {name: hook, type: webhook, url_file: %s, secret_env: HOOK_SECRET, headers_from_env: {Authorization: HOOK_AUTH}}
                  - {name: am, type: alertmanager, url: %s, headers_from_env: {Authorization: AM_AUTH}}
                route:
                  receiver: console
                  group_wait: 0s
                  routes:
                    - {receiver: bot, continue: true}
                    - {receiver: slackhook, continue: true}
                    - {receiver: badhook, continue: true}
                    - {receiver: hook, continue: true}
                    - {receiver: am, continue: true}
                    - {receiver: console}
                heartbeat: {url_env: HB, interval: 1m}
                """.formatted(slack.baseUrl(), hookUrlFile, am.url("/am")));
        p = fx.start(settings, AlertContext.NONE);

        Incident leaky = new Incident("i-leaky", IncidentType.REQUEST_REJECTED, Severity.CRITICAL,
                labels("provider", "anthropic", "session", "s1"), fx.clock.instant(), fx.clock.instant(), null, 3,
                "auth failed with key " + PROVIDER_KEY + " and token " + SLACK_TOKEN,
                List.of("{\"0\":\"agent\",\"1\":{\"apiKey\":\"" + PROVIDER_KEY + "\"},\"2\":\"401 invalid x-api-key\"}",
                        "headers: Authorization: " + HOOK_AUTH));
        p.opened(leaky);
        Incident normal = Incidents.open(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, labels("provider", "openai"), fx.clock.instant());
        p.opened(normal);
        fx.settle(p);
        p.addSilence(List.of("provider=ollama"), Duration.ofHours(1), "oncall", "scan");
        for (int i = 0; i < 6; i++) fx.step(p, Duration.ofSeconds(10));
        p.updated(Incidents.update(normal, fx.clock.instant(), 9, Severity.CRITICAL));
        fx.step(p, Duration.ofMinutes(5));
        p.resolved(new Incident(leaky.id(), leaky.type(), leaky.severity(), leaky.labels(), leaky.startsAt(), leaky.lastSeenAt(),
                fx.clock.instant(), 3, leaky.summary(), leaky.evidence()));
        p.resolved(Incidents.resolve(normal, fx.clock.instant()));
        fx.step(p, Duration.ofMinutes(5));
        AlertStats stats = p.stats();
        assertThat(stats.receiver("hook").delivered()).as("the scenario really delivered").isPositive();
        assertThat(stats.receiver("bot").delivered()).isPositive();
        assertThat(stats.receiver("am").permanentFailures()).isPositive();
        assertThat(stats.receiver("badhook").permanentFailures()).isPositive();
        assertThat(stats.receiver("hook").failedAttempts()).isPositive();
        p.close();
        // a restart reads every state file back
        p = fx.start(settings, AlertContext.NONE);
        fx.settle(p);

        // ---- gather every output
        StringBuilder all = new StringBuilder();
        synchronized (logs) {
            logs.forEach(l -> all.append(l).append('\n'));
        }
        all.append(fx.console());
        for (HttpStub.Request r : hook.requests()) all.append(r.bodyText()).append(headersExceptAuth(r.headers()));
        for (HttpStub.Request r : am.requests()) all.append(r.bodyText()).append(headersExceptAuth(r.headers()));
        slack.getAllServeEvents().forEach(e -> all.append(e.getRequest().getBodyAsString()));
        try (Stream<Path> files = Files.walk(tmp.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(f).append('\n').append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        all.append(stats).append(p.stats()).append(ConfigMapper.json().writeValueAsString(p.stats()));
        all.append(settings).append(ConfigMapper.json().writeValueAsString(settings)).append(p.silences()).append(p);
        String everything = all.toString();

        assertThat(everything.length()).isGreaterThan(10_000);
        assertThat(fx.console()).contains("request_rejected");
        List<String> leaks = new ArrayList<>();
        for (String secret : List.of(SLACK_TOKEN, SLACK_HOOK_PATH, "SCANslackHOOKsecret", "SCANsecondHOOKsecret", "SCANwebhookPATHsecret",
                HMAC_SECRET, HOOK_AUTH, "SCANheaderSECRETvalue", AM_AUTH, "SCANheartbeatSECRET", PROVIDER_KEY, "SCANfakeKEY")) {
            int at = everything.indexOf(secret);
            if (at >= 0) leaks.add(secret + " in: …" + everything.substring(Math.max(0, at - 200), Math.min(everything.length(), at + 100)) + "…");
        }
        assertThat(leaks).isEmpty();
        // what is shown instead: fingerprints
        assertThat(everything).contains(Fingerprint.of(SLACK_TOKEN)).contains(Fingerprint.of(HMAC_SECRET))
                .contains(Fingerprint.of(PROVIDER_KEY));
        // and the legitimate channels did carry them (the test would be vacuous otherwise)
        assertThat(slack.getAllServeEvents()).anyMatch(e -> ("Bearer " + SLACK_TOKEN).equals(e.getRequest().getHeader("Authorization")));
        assertThat(hook.requests()).anyMatch(r -> HOOK_AUTH.equals(r.header("Authorization")));
        assertThat(am.requests()).anyMatch(r -> AM_AUTH.equals(r.header("Authorization")));
        assertThat(hook.requests()).anyMatch(r -> r.path().equals(HEARTBEAT_PATH));
    }

    private static String headersExceptAuth(Map<String, String> headers) {
        StringBuilder sb = new StringBuilder();
        headers.forEach((k, v) -> {
            if (!k.equals("authorization")) sb.append(k).append(": ").append(v).append('\n');
        });
        return sb.toString();
    }
}
