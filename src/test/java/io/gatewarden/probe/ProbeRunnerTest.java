package io.gatewarden.probe;

import io.gatewarden.incident.IncidentType;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeRunnerTest {
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
    void eachTargetRunsOnItsOwnJitteredInterval() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
        ProbeTarget ollama = new ProbeTarget("ollama", ProviderKind.OLLAMA, URI.create(fake.base("ollama")), null, null, null,
                CredentialSource.NONE, false, Map.of(), Duration.ofSeconds(60), Duration.ofSeconds(2));
        ProbeTarget gw = new ProbeTarget("gateway", ProviderKind.GATEWAY, URI.create(fake.base("gw")), null, null, null,
                CredentialSource.NONE, false, Map.of(), Duration.ofSeconds(15), Duration.ofSeconds(2));
        ProbeRunner runner = new ProbeRunner(List.of(ollama, gw), new Prober(new JdkProbeHttp(Duration.ofSeconds(1), 65536), clock, k -> null),
                clock, new Random(42), 0.2);
        List<ProbeResult> seen = new ArrayList<>();
        runner.addListener(seen::add);

        assertThat(runner.tick()).hasSize(2); // both due at start
        Instant ollamaNext = runner.nextDue("ollama");
        Instant gwNext = runner.nextDue("gateway");
        assertThat(Duration.between(clock.instant(), ollamaNext)).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(72));
        assertThat(Duration.between(clock.instant(), gwNext)).isBetween(Duration.ofSeconds(12), Duration.ofSeconds(18));
        assertThat(runner.tick()).isEmpty();

        int ollamaRuns = 1, gwRuns = 1;
        for (int s = 1; s <= 300; s++) {
            clock.advance(Duration.ofSeconds(1));
            for (ProbeResult r : runner.tick()) {
                if (r.target().equals("ollama")) ollamaRuns++; else gwRuns++;
            }
        }
        assertThat(ollamaRuns).isBetween(5, 7);    // 1 + 300 s / (60 s ± 20 %)
        assertThat(gwRuns).isBetween(17, 26);      // 1 + 300 s / (15 s ± 20 %)
        assertThat(seen).hasSize(ollamaRuns + gwRuns).allMatch(ProbeResult::ok);
        assertThat(runner.lastResults()).containsKeys("ollama", "gateway");
    }

    @Test
    void jitterStaysWithinBounds() {
        ProbeRunner runner = new ProbeRunner(List.of(), null, new MutableClock(Instant.EPOCH), new Random(7), 0.1);
        for (int i = 0; i < 1000; i++) {
            assertThat(runner.jittered(Duration.ofSeconds(100))).isBetween(Duration.ofSeconds(90), Duration.ofSeconds(110));
        }
    }

    @Test
    void createWiresTheHealthTrackerToTheSink() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
        ProbeSettings settings = new ProbeSettings(null, null, 0.0, Duration.ofMillis(500), null, 2, null, null,
                new ProbeSettings.GatewayProbe(true, "gateway", "http://127.0.0.1:" + closedPort(), null, null, null, 2, null, null),
                List.of());
        RecordingSink sink = new RecordingSink();
        List<ProbeResult> extra = new ArrayList<>();
        ProbeRunner runner = ProbeRunner.create(settings, new JdkProbeHttp(Duration.ofMillis(500), 65536), clock, sink, extra::add);
        runner.tick();
        clock.advance(Duration.ofSeconds(15));
        runner.tick();
        assertThat(extra).hasSize(2);
        assertThat(sink.signalsOf(IncidentType.GATEWAY_DOWN)).hasSize(1);
    }

    static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
