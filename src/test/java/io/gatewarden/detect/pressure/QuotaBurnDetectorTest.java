package io.gatewarden.detect.pressure;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.run.RequestOutcome;
import io.gatewarden.run.RunModel;

import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.probe.FailureKind;
import io.gatewarden.probe.ProbeResult;
import io.gatewarden.probe.ProviderKind;
import io.gatewarden.probe.RateLimits;
import io.gatewarden.probe.RecordingSink;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulated providers driven by a test clock: calls arrive as MODEL_FETCH events, the simulated provider keeps its
 * own budget and starts answering 429 when it is spent. The detector must speak before that, and never on a flat
 * load inside the budget.
 */
class QuotaBurnDetectorTest {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    final RecordingSink sink = new RecordingSink();

    static PressureSettings.QuotaBurn settings(PressureSettings.QuotaLimit... limits) {
        return new PressureSettings.QuotaBurn(null, null, null, null, null, null, null, null, null, null, List.of(limits));
    }

    /** Lines reach the detector as in the chain: the event, then the requests the run model settled from it. */
    private final RunModel runs = new RunModel(java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(5), 1024);

    private void feed(QuotaBurnDetector d, GatewayEvent e, IncidentSink sink) {
        java.util.List<RequestOutcome> requests = runs.observe(e);
        d.onEvent(e, sink);
        for (RequestOutcome r : requests) d.onRequest(r, sink);
    }

    static GatewayEvent fetch(Instant at, String provider, int status, String agent, String session) {
        return new GatewayEvent(EventType.MODEL_FETCH, at, 3, "provider-transport-fetch", null, session, agent, provider,
                "claude-sonnet-4-5", null, null, status, null, Map.of(),
                "[model-fetch] response provider=" + provider + " api=anthropic-messages model=claude-sonnet-4-5 status=" + status);
    }

    /** Calls per second drawn from a rate in calls per minute (deterministic for a seed). */
    static int callsThisSecond(double perMinute, Random random) {
        double lambda = perMinute / 60.0;
        // Poisson by inversion: fine for small lambda
        double l = Math.exp(-lambda), p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** A token bucket like the provider's: capacity, refill per second; 429 when empty. */
    static final class SimulatedBucket {
        final double capacity;
        final double refillPerSec;
        double level;

        SimulatedBucket(double capacity, double refillPerSec, double level) {
            this.capacity = capacity;
            this.refillPerSec = refillPerSec;
            this.level = level;
        }

        void elapse(double seconds) {
            level = Math.min(capacity, level + refillPerSec * seconds);
        }

        /** Spends one request; false = 429. */
        boolean take() {
            if (level < 1) return false;
            level -= 1;
            return true;
        }

        RateLimits headers(Instant now) {
            double missing = capacity - level;
            Instant reset = now.plusMillis((long) (missing / refillPerSec * 1000));
            return new RateLimits((long) capacity, (long) Math.floor(level), reset, null, null, null, null);
        }
    }

    static ProbeResult probe(Instant at, RateLimits limits) {
        return new ProbeResult("anthropic", ProviderKind.ANTHROPIC, "anthropic", null, "fp:1a2b3c4d",
                URI.create("https://api.anthropic.example/v1/models"), at, Duration.ofMillis(80), 200, FailureKind.NONE,
                "2 models", limits);
    }

    @Test
    void risingLoadAgainstTheProvidersBucketFiresBeforeTheFirst429() {
        QuotaBurnDetector d = new QuotaBurnDetector(settings());
        SimulatedBucket provider = new SimulatedBucket(1000, 1000 / 3600.0, 600); // 1000 requests per hour, 600 left
        Random random = new Random(11);
        Instant firstSignal = null, first429 = null;
        for (int s = 0; s < 60 * 60 && first429 == null; s++) {
            Instant now = T0.plusSeconds(s);
            provider.elapse(1);
            if (s % 60 == 0) d.onProbeResult(probe(now, provider.headers(now)));
            double perMinute = 5 + s / 60.0; // +1 call/min every minute
            for (int c = callsThisSecond(perMinute, random); c > 0; c--) {
                boolean ok = provider.take();
                if (!ok && first429 == null) first429 = now;
                feed(d, fetch(now, "anthropic", ok ? 200 : 429, "main", "agent:main:explicit:s1"), sink);
            }
            d.onTick(now, sink);
            if (firstSignal == null && !sink.signalsOf(IncidentType.QUOTA_BURN).isEmpty()) firstSignal = now;
        }
        assertThat(first429).as("the simulated provider must run dry").isNotNull();
        assertThat(firstSignal).as("quota_burn before the first 429 at " + first429).isNotNull().isBefore(first429);
        assertThat(Duration.between(firstSignal, first429)).isGreaterThan(Duration.ofMinutes(3));
        Signal first = sink.signalsOf(IncidentType.QUOTA_BURN).get(0);
        assertThat(first.labels()).isEqualTo(Map.of("provider", "anthropic"));
        assertThat(first.summary()).contains("anthropic: requests (provider headers, limit 1000, key fp:1a2b3c4d) runs out in ~")
                .contains("the main agent made");
        assertThat(sink.signalsOf(IncidentType.QUOTA_BURN)).anyMatch(sig -> sig.severity() == Severity.CRITICAL);
    }

    @Test
    void risingLoadAgainstAConfiguredPerMinuteLimitFiresBeforeTheFirst429() {
        QuotaBurnDetector d = new QuotaBurnDetector(settings(new PressureSettings.QuotaLimit("openai", null, 60L, null, null, null, null)));
        Random random = new Random(5);
        ArrayDeque<Instant> lastMinute = new ArrayDeque<>();
        Instant firstSignal = null, first429 = null;
        for (int s = 0; s < 40 * 60 && first429 == null; s++) {
            Instant now = T0.plusSeconds(s);
            while (!lastMinute.isEmpty() && !lastMinute.peekFirst().isAfter(now.minusSeconds(60))) lastMinute.pollFirst();
            double perMinute = 20 + 2 * s / 60.0; // 20/min rising by 2/min each minute: crosses 60/min at ~20 min
            for (int c = callsThisSecond(perMinute, random); c > 0; c--) {
                boolean ok = lastMinute.size() < 60;
                if (ok) lastMinute.addLast(now);
                else if (first429 == null) first429 = now;
                feed(d, fetch(now, "openai", ok ? 200 : 429, "heartbeat", "agent:heartbeat:cron:hb"), sink);
            }
            d.onTick(now, sink);
            if (firstSignal == null && !sink.signalsOf(IncidentType.QUOTA_BURN).isEmpty()) firstSignal = now;
        }
        assertThat(first429).isNotNull();
        assertThat(firstSignal).as("quota_burn before the first 429 at " + first429).isNotNull().isBefore(first429);
        assertThat(sink.signalsOf(IncidentType.QUOTA_BURN).get(0).summary()).contains("requests per minute (configured 60)");
    }

    @Test
    void flatLoadInsideTheBudgetNeverFires() {
        QuotaBurnDetector d = new QuotaBurnDetector(settings(
                new PressureSettings.QuotaLimit("openai", null, 60L, null, 100_000L, null, null)));
        SimulatedBucket anthropic = new SimulatedBucket(50, 50 / 60.0, 50);         // 50 RPM bucket, full
        SimulatedBucket slow = new SimulatedBucket(1000, 1000 / 3600.0, 150);       // 1000/h bucket, drained to 150 by an earlier burst
        Random random = new Random(3);
        int rejected = 0, served = 0;
        for (int s = 0; s < 2 * 3600; s++) {
            Instant now = T0.plusSeconds(s);
            anthropic.elapse(1);
            slow.elapse(1);
            if (s % 60 == 0) {
                d.onProbeResult(probe(now, anthropic.headers(now)));
                d.onProbeResult(new ProbeResult("slow", ProviderKind.OPENAI, "slow", null, "fp:99999999", null, now,
                        Duration.ofMillis(50), 200, FailureKind.NONE, "ok", slow.headers(now)));
            }
            for (int c = callsThisSecond(52, random); c > 0; c--) { // 52/min against 60/min configured (87 %)
                feed(d, fetch(now, "openai", 200, "main", "agent:main:main"), sink);
            }
            for (int c = callsThisSecond(42, random); c > 0; c--) { // 42/min against a 50 RPM bucket (84 %)
                if (anthropic.take()) served++; else rejected++;
                feed(d, fetch(now, "anthropic", 200, "main", "agent:main:main"), sink);
            }
            for (int c = callsThisSecond(15, random); c > 0; c--) { // 15/min against a refill of 16.7/min
                if (slow.take()) served++; else rejected++;
                feed(d, fetch(now, "slow", 200, "main", "agent:main:main"), sink);
            }
            if (s % 10 == 0) d.onTick(now, sink);
        }
        assertThat(served).isGreaterThan(5000);
        assertThat(rejected).as("the simulated providers never reject this load").isZero();
        assertThat(sink.signals).isEmpty();
        assertThat(d.forecasts(T0.plusSeconds(2 * 3600))).extracting(Forecast::provider)
                .contains("openai", "anthropic", "slow");
    }

    @Test
    void resolvesWhenTheForecastRecovers() {
        QuotaBurnDetector d = new QuotaBurnDetector(settings(new PressureSettings.QuotaLimit("anthropic", null, null, null, 2_000L, null, null)));
        Instant now = T0;
        // 40/min for 45 minutes: 1800 of 2000 per day used, the rest gone in ~5 minutes
        for (int s = 0; s < 45 * 60; s += 3) {
            now = T0.plusSeconds(s);
            for (int c = 0; c < 2; c++) feed(d, fetch(now, "anthropic", 200, "main", "agent:main:main"), sink);
            d.onTick(now, sink);
        }
        assertThat(sink.signalsOf(IncidentType.QUOTA_BURN)).isNotEmpty();
        assertThat(sink.signalsOf(IncidentType.QUOTA_BURN).get(0).summary()).contains("requests per day (configured 2000)");
        // the agent is stopped: no more calls, the forecast recovers
        for (int s = 0; s < 5 * 60; s += 10) d.onTick(now.plusSeconds(s), sink);
        assertThat(sink.resolutionsOf(IncidentType.QUOTA_BURN)).singleElement()
                .satisfies(r -> assertThat(r.labels()).isEqualTo(Map.of("provider", "anthropic")));
    }

    @Test
    void attributesLoadToAgentsAndSessions() {
        QuotaBurnDetector d = new QuotaBurnDetector(settings(new PressureSettings.QuotaLimit("anthropic", null, null, null, 300L, null, null)));
        Instant now = T0;
        for (int i = 0; i < 300; i++) {
            now = T0.plusSeconds(i * 4L);
            boolean heartbeat = i % 5 != 0; // 4 of 5 calls
            if (heartbeat) {
                // the fetch line names no session: the detector takes the provider's latest caller from other lines
                feed(d, new GatewayEvent(EventType.GENERIC, now, 2, "agents/harness", null, "agent:heartbeat:cron:hb", "heartbeat",
                        "anthropic", "claude-haiku-4-5", null, null, 0, "agent harness selected", Map.of(), null), sink);
                feed(d, fetch(now, "anthropic", 200, null, null), sink);
            } else {
                feed(d, fetch(now, "anthropic", 200, "main", "agent:main:explicit:s1"), sink);
            }
            d.onTick(now, sink);
        }
        List<Signal> signals = sink.signalsOf(IncidentType.QUOTA_BURN);
        assertThat(signals).isNotEmpty();
        assertThat(signals.get(signals.size() - 1).summary())
                .contains("the heartbeat agent made 48 of the last 60 calls")
                .contains("busiest session agent:heartbeat:cron:hb: 48");
    }

    @Test
    void aRunsSuccessIsOneCallAndNotCountedAgainAfterItsFetch() {
        QuotaBurnDetector d = new QuotaBurnDetector(settings(new PressureSettings.QuotaLimit("fakeoa", null, null, null, 1000L, null, null)));
        GatewayEvent run = new GatewayEvent(EventType.RUN_SUCCEEDED, T0, 3, "agent/embedded", "r1", "agent:main:main", "main",
                "fakeoa", "ok", null, null, 0, null, Map.of(), null);
        feed(d, run, sink);
        assertThat(d.forecasts(T0).get(0).remaining()).isEqualTo(999);
        // the run's own fetch (same model, no trace id to tie it to its run): the run's end 1 s later is its echo
        feed(d, new GatewayEvent(EventType.MODEL_FETCH, T0.plusSeconds(1), 3, "provider-transport-fetch", null, null, null,
                "fakeoa", "ok", null, null, 200, null, Map.of(), null), sink);
        feed(d, new GatewayEvent(EventType.RUN_SUCCEEDED, T0.plusSeconds(2), 3, null, "r2", null, null, "fakeoa", "ok",
                null, null, 0, null, Map.of(), null), sink);
        assertThat(d.forecasts(T0.plusSeconds(2)).get(0).remaining()).isEqualTo(998); // the run's own fetch was counted, not the run
    }

    @Test
    void memoryIsBoundedByProviderCredential() {
        QuotaBurnDetector d = new QuotaBurnDetector(settings());
        for (int i = 0; i < 500; i++) feed(d, fetch(T0.plusSeconds(i), "provider-" + i, 200, null, null), sink);
        assertThat(d.trackedKeys()).isEqualTo(64);
    }
}
