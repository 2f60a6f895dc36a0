package io.gatewarden.probe.rest;

import io.gatewarden.probe.CredentialSource;
import io.gatewarden.probe.FailureKind;
import io.gatewarden.probe.FakeProviders;
import io.gatewarden.probe.ProbeResult;
import io.gatewarden.probe.ProbeTarget;
import io.gatewarden.probe.Prober;
import io.gatewarden.probe.ProviderKind;
import io.gatewarden.testsupport.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon's adapter: the Quarkus REST client only works inside a booted Quarkus application, so this is the one
 * {@code @QuarkusTest} of the probe package. Same fake providers as the plain tests.
 */
@QuarkusTest
class QuarkusRestProbeHttpTest {
    static FakeProviders fake;

    @BeforeAll
    static void start() throws IOException {
        fake = new FakeProviders();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void probesThroughTheQuarkusRestClient() {
        Map<String, String> env = Map.of("ANTHROPIC_API_KEY", FakeProviders.ANTHROPIC_KEY, "GEMINI_API_KEY", FakeProviders.GEMINI_KEY);
        try (QuarkusRestProbeHttp http = new QuarkusRestProbeHttp(Duration.ofSeconds(2), 64 * 1024)) {
            Prober prober = new Prober(http, new MutableClock(Instant.parse("2026-11-23T12:00:00Z")), env::get);

            ProbeResult anthropic = prober.probe(target("anthropic", ProviderKind.ANTHROPIC, fake.base("anthropic"), "ANTHROPIC_API_KEY", false, 2000));
            assertThat(anthropic.ok()).as(anthropic.toString()).isTrue();
            assertThat(anthropic.rateLimits().requestsRemaining()).isEqualTo(12);
            assertThat(anthropic.toString()).doesNotContain(FakeProviders.ANTHROPIC_KEY);

            ProbeResult rateLimited = prober.probe(target("rl", ProviderKind.OPENAI, fake.base("rl"), null, false, 2000));
            assertThat(rateLimited.failure()).isEqualTo(FailureKind.RATE_LIMITED);
            assertThat(rateLimited.rateLimits().retryAfter()).isEqualTo(Duration.ofSeconds(17));

            ProbeResult gemini = prober.probe(target("gemini", ProviderKind.GEMINI, fake.base("gemini"), "GEMINI_API_KEY", true, 2000));
            assertThat(gemini.ok()).as(gemini.toString()).isTrue();
            assertThat(gemini.url().toString()).doesNotContain("key=");

            assertThat(prober.probe(target("garbage", ProviderKind.OPENAI, fake.base("garbage"), null, false, 2000)).failure())
                    .isEqualTo(FailureKind.GARBAGE_BODY);

            long t0 = System.nanoTime();
            ProbeResult hang = prober.probe(target("hang", ProviderKind.OPENAI, fake.base("hang"), null, false, 300));
            assertThat(hang.failure()).isEqualTo(FailureKind.TIMEOUT);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3_000);

            ProbeResult refused = prober.probe(target("down", ProviderKind.OLLAMA, "http://127.0.0.1:1", null, false, 2000));
            assertThat(refused.failure()).isEqualTo(FailureKind.CONNECTION_REFUSED);
        }
    }

    static ProbeTarget target(String name, ProviderKind kind, String base, String envVar, boolean keyInQuery, long timeoutMs) {
        return new ProbeTarget(name, kind, URI.create(base), null, name, null, new CredentialSource(envVar, null), keyInQuery,
                Map.of(), Duration.ofSeconds(60), Duration.ofMillis(timeoutMs));
    }
}
