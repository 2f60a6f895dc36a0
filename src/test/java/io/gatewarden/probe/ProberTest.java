package io.gatewarden.probe;

import io.gatewarden.testsupport.MutableClock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.gatewarden.secret.Fingerprint;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ProberTest {
    static FakeProviders fake;
    static JdkProbeHttp http;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    final Map<String, String> env = Map.of("ANTHROPIC_API_KEY", FakeProviders.ANTHROPIC_KEY,
            "OPENAI_API_KEY", FakeProviders.OPENAI_KEY, "GEMINI_API_KEY", FakeProviders.GEMINI_KEY,
            "WRONG_KEY", "sk-wrong-key-that-must-never-leak-42");
    final Prober prober = new Prober(http, clock, env::get);

    @BeforeAll
    static void start() throws IOException {
        fake = new FakeProviders();
        http = new JdkProbeHttp(Duration.ofSeconds(2), 64 * 1024);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    static ProbeTarget target(String name, ProviderKind kind, String base, String envVar, Duration timeout) {
        return new ProbeTarget(name, kind, URI.create(base), null, name, null,
                new CredentialSource(envVar, null), false, Map.of(), Duration.ofSeconds(60), timeout);
    }

    static ProbeTarget target(String name, ProviderKind kind, String base, String envVar) {
        return target(name, kind, base, envVar, Duration.ofSeconds(2));
    }

    @Test
    void anthropicModelsWithKeyAndVersionAndRateLimitHeaders() {
        ProbeResult r = prober.probe(target("anthropic", ProviderKind.ANTHROPIC, fake.base("anthropic"), "ANTHROPIC_API_KEY"));

        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.detail()).isEqualTo("2 models");
        assertThat(r.url().getPath()).isEqualTo("/anthropic/v1/models");
        assertThat(r.credential()).isEqualTo(Fingerprint.of(FakeProviders.ANTHROPIC_KEY)).startsWith("fp:").hasSize(11);
        assertThat(r.rateLimits().requestsLimit()).isEqualTo(50);
        assertThat(r.rateLimits().requestsRemaining()).isEqualTo(12);
        assertThat(r.rateLimits().requestsReset()).isEqualTo(Instant.parse("2026-11-23T12:01:00Z"));
        assertThat(r.rateLimits().tokensRemaining()).isEqualTo(39000);
        assertThat(r.rateLimits().tokensReset()).isEqualTo(Instant.parse("2026-11-23T12:00:30Z"));
        assertThat(r.toString()).doesNotContain(FakeProviders.ANTHROPIC_KEY);
        FakeProviders.Seen req = last("/anthropic/v1/models");
        assertThat(req.headers().get("Anthropic-version")).containsExactly("2023-06-01");
    }

    @Test
    void anthropicWithWrongKeyIsAnAuthFailure() {
        ProbeResult r = prober.probe(target("anthropic", ProviderKind.ANTHROPIC, fake.base("anthropic"), "WRONG_KEY"));
        assertThat(r.failure()).isEqualTo(FailureKind.AUTH);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.detail()).contains("authentication_error");
    }

    @Test
    void openAiBearerAndGoDurationResets() {
        ProbeResult r = prober.probe(target("openai", ProviderKind.OPENAI, fake.base("openai"), "OPENAI_API_KEY"));

        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.rateLimits().requestsRemaining()).isEqualTo(9999);
        assertThat(r.rateLimits().requestsLimit()).isEqualTo(10000);
        assertThat(r.rateLimits().requestsReset()).isEqualTo(clock.instant().plusSeconds(360));
        assertThat(r.rateLimits().tokensReset()).isEqualTo(clock.instant().plusSeconds(1));
        assertThat(r.rateLimits().tokensRemaining()).isEqualTo(1999000);
    }

    @Test
    void keyEchoedByTheServerIsRedactedFromTheResult() {
        ProbeResult r = prober.probe(target("openai", ProviderKind.OPENAI, fake.base("openai"), "WRONG_KEY"));
        assertThat(r.failure()).isEqualTo(FailureKind.AUTH);
        assertThat(r.detail()).contains("Incorrect API key").contains(Fingerprint.of("sk-wrong-key-that-must-never-leak-42"));
        assertThat(r.toString()).doesNotContain("sk-wrong-key-that-must-never-leak-42");
    }

    @Test
    void lmStudioBaseEndingInV1IsNotDoubled() {
        ProbeResult r = prober.probe(target("lmstudio", ProviderKind.OPENAI, fake.base("lmstudio") + "/v1", null));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.url().getPath()).isEqualTo("/lmstudio/v1/models");
        assertThat(r.credential()).isNull();
        assertThat(last("/lmstudio/v1/models").headers()).doesNotContainKey("Authorization");
    }

    @Test
    void ollamaTags() {
        ProbeResult r = prober.probe(target("ollama", ProviderKind.OLLAMA, fake.base("ollama"), null));
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.detail()).isEqualTo("1 models");
    }

    @Test
    void geminiKeyInHeaderOrQueryButNeverInTheReportedUrl() {
        ProbeResult header = prober.probe(target("gemini", ProviderKind.GEMINI, fake.base("gemini"), "GEMINI_API_KEY"));
        assertThat(header.ok()).as(header.toString()).isTrue();
        assertThat(last("/gemini/v1beta/models").query()).isNull();

        ProbeTarget inQuery = new ProbeTarget("gemini-q", ProviderKind.GEMINI, URI.create(fake.base("gemini")), null, "gemini",
                null, new CredentialSource("GEMINI_API_KEY", null), true, Map.of(), Duration.ofSeconds(60), Duration.ofSeconds(2));
        ProbeResult query = prober.probe(inQuery);
        assertThat(query.ok()).as(query.toString()).isTrue();
        assertThat(last("/gemini/v1beta/models").query()).isEqualTo("key=" + FakeProviders.GEMINI_KEY);
        assertThat(query.url().toString()).doesNotContain("key=");
        assertThat(query.toString()).doesNotContain(FakeProviders.GEMINI_KEY);
    }

    @Test
    void rateLimitedProbeParsesRetryAfter() {
        ProbeResult r = prober.probe(target("rl", ProviderKind.OPENAI, fake.base("rl"), "OPENAI_API_KEY"));
        assertThat(r.failure()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(r.rateLimits().retryAfter()).isEqualTo(Duration.ofSeconds(17));
        assertThat(r.rateLimits().requestsRemaining()).isZero();
    }

    @Test
    void overloaded529IsAServerError() {
        ProbeResult r = prober.probe(target("ovl", ProviderKind.ANTHROPIC, fake.base("overloaded"), "ANTHROPIC_API_KEY"));
        assertThat(r.failure()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(r.status()).isEqualTo(529);
    }

    @Test
    void garbageBodyIsDetected() {
        ProbeResult r = prober.probe(target("garbage", ProviderKind.OPENAI, fake.base("garbage"), null));
        assertThat(r.failure()).isEqualTo(FailureKind.GARBAGE_BODY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.detail()).contains("not JSON").contains("nginx");
    }

    @Test
    void hangingServerHitsTheTimeoutInBoundedTime() {
        long t0 = System.nanoTime();
        ProbeResult r = prober.probe(target("hang", ProviderKind.OPENAI, fake.base("hang"), null, Duration.ofMillis(300)));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.failure()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(r.status()).isZero();
        assertThat(tookMs).isBetween(250L, 3_000L);
        assertThat(r.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void closedPortIsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        ProbeResult r = prober.probe(target("down", ProviderKind.OLLAMA, "http://127.0.0.1:" + port, null));
        assertThat(r.failure()).isEqualTo(FailureKind.CONNECTION_REFUSED);
    }

    @Test
    void gatewayProbesHealthzThenReadyz() {
        ProbeTarget gw = new ProbeTarget("gateway", ProviderKind.GATEWAY, URI.create(fake.base("gw")), null, null, null,
                CredentialSource.NONE, false, Map.of(), Duration.ofSeconds(15), Duration.ofSeconds(2));
        fake.readyStatus = 200;
        fake.readyBody = "{\"ready\":true}";
        ProbeResult ok = prober.probe(gw);
        assertThat(ok.ok()).as(ok.toString()).isTrue();
        assertThat(ok.url().getPath()).isEqualTo("/gw/readyz");

        fake.readyStatus = 503;
        fake.readyBody = "{\"ready\":false}";
        ProbeResult notReady = prober.probe(gw);
        assertThat(notReady.failure()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.detail()).contains("ready\":false");
        fake.readyStatus = 200;
        fake.readyBody = "{\"ready\":true}";
    }

    @Test
    void missingKeySendsNothing() {
        int before = fake.seen.size();
        ProbeResult r = prober.probe(target("anthropic", ProviderKind.ANTHROPIC, fake.base("anthropic"), "NOT_SET_ANYWHERE"));
        assertThat(r.failure()).isEqualTo(FailureKind.NO_CREDENTIAL);
        assertThat(r.detail()).contains("env NOT_SET_ANYWHERE");
        assertThat(r.url()).isNull();
        assertThat(fake.seen.size()).isEqualTo(before);
    }

    @Test
    void keyFromSecretFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("anthropic.key");
        Files.writeString(file, FakeProviders.ANTHROPIC_KEY + "\n");
        ProbeTarget t = new ProbeTarget("anthropic", ProviderKind.ANTHROPIC, URI.create(fake.base("anthropic")), null, null,
                "anthropic:default", new CredentialSource(null, file), false, Map.of(), Duration.ofSeconds(60), Duration.ofSeconds(2));
        ProbeResult r = prober.probe(t);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.profile()).isEqualTo("anthropic:default");
    }

    @Test
    void nothingSecretReachesTheLogs() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { records.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        h.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level old = root.getLevel();
        root.addHandler(h);
        root.setLevel(Level.ALL);
        try {
            ProbeRunner runner = new ProbeRunner(List.of(
                    target("openai", ProviderKind.OPENAI, fake.base("openai"), "WRONG_KEY"),
                    target("anthropic", ProviderKind.ANTHROPIC, fake.base("anthropic"), "ANTHROPIC_API_KEY")),
                    prober, clock, new java.util.Random(1), 0.1);
            runner.addListener(r -> Logger.getLogger("io.gatewarden.test").info("result " + r));
            runner.addListener(r -> { throw new IllegalStateException("listener bug " + r); });
            List<ProbeResult> results = runner.runAll();
            assertThat(results).hasSize(2);
        } finally {
            root.removeHandler(h);
            root.setLevel(old);
        }
        assertThat(records).isNotEmpty();
        for (LogRecord r : records) {
            String text = r.getMessage() + (r.getThrown() == null ? "" : r.getThrown().toString());
            assertThat(text).doesNotContain("sk-wrong-key-that-must-never-leak-42").doesNotContain(FakeProviders.ANTHROPIC_KEY);
        }
    }

    private FakeProviders.Seen last(String path) {
        List<FakeProviders.Seen> s = fake.seen.stream().filter(x -> x.path().equals(path)).toList();
        assertThat(s).isNotEmpty();
        return s.get(s.size() - 1);
    }
}
