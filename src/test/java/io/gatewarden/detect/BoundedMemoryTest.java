package io.gatewarden.detect;

import io.gatewarden.incident.IncidentSettings;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.gatewarden.parse.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Hostile input (a million distinct sessions, runs, models and error texts) leaves every map at its cap. */
class BoundedMemoryTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final int N = 1_000_000;

    /** i as lower-case letters, so it survives error normalisation (digits would be stripped). */
    private static String letters(int i) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append((char) ('a' + i % 26));
            i /= 26;
        } while (i > 0);
        return sb.toString();
    }

    /** Counts signals; the tracker's own cap is tested below, so the million events do not pay for it. */
    private static final class CountingSink implements IncidentSink {
        long signals;

        @Override public void signal(Signal s) { signals++; }
        @Override public void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {}
    }

    @Test
    void aMillionDistinctSessionsAndErrorsStayWithinTheCaps() {
        DetectorChain c = DetectorChain.standard(DetectSettings.defaults());
        CountingSink sink = new CountingSink();
        long started = System.nanoTime();
        for (int i = 0; i < N; i++) {
            Instant t = T0.plusMillis(i * 10L);
            String run = "run-" + i;
            String word = letters(i);
            switch (i % 4) {
                case 0 -> c.onEvent(Ev.of(RUN_ATTEMPT_FAILED).at(t).run(run).session("s-" + i).ref("p/" + word)
                        .reason("timeout").detail("upstream " + word + " failed").raw("x").build(), sink);
                case 1 -> c.onEvent(Ev.of(io.gatewarden.parse.EventType.CONTEXT_OVERFLOW).at(t).run(run).session("s-" + i)
                        .raw("x").build(), sink);
                case 2 -> c.onEvent(Ev.of(SAME_MODEL_RETRY).at(t).ref("q/" + word).reason("rate_limit").attr("retry", 1)
                        .raw("x").build(), sink);
                default -> c.onEvent(Ev.of(FALLBACK_CANDIDATE_SKIPPED).at(t).run(run).ref("r/" + word).reason("billing")
                        .detail("Provider r is in cooldown").raw("x").build(), sink);
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("BoundedMemoryTest: " + N + " events in " + ms + " ms");

        assertThat(c.totalFailures()).isZero();
        assertThat(sink.signals).isGreaterThan(N / 2);
        assertThat(c.runModel().trackedRuns()).isLessThanOrEqualTo(1024);
        assertThat(c.runModel().trackedModels()).isLessThanOrEqualTo(1024);
        assertThat(((ErrorLoopDetector) c.detector("error_loop")).trackedFingerprints()).isEqualTo(1000);
        assertThat(((ChainExhaustedDetector) c.detector("chain_exhausted")).trackedChains()).isLessThanOrEqualTo(1024);
        assertThat(((ProviderFailureDetector) c.detector("provider_rate_limited")).trackedModels()).isEqualTo(1000);
        assertThat(((ContextOverflowDetector) c.detector("context_overflow")).trackedRuns()).isEqualTo(1024);
    }

    @Test
    void theTrackerStaysAtItsCapsWhateverTheDetectorsSay() {
        IncidentTracker t = new IncidentTracker(IncidentSettings.defaults(), new MutableClock(T0));
        for (int i = 0; i < 200_000; i++) {
            t.signal(new Signal(IncidentType.CONTEXT_OVERFLOW, Severity.WARNING, Labels.of("session", "s-" + i), "run:" + i,
                    "overflow", "line " + i, T0.plusMillis(i)));
        }
        assertThat(t.open()).hasSize(1000);
        assertThat(t.recent()).hasSize(200);
        assertThat(t.stats().evictedByCap()).isEqualTo(199_000);
        assertThat(t.open().get(0).labels().get("session")).isEqualTo("s-199000");
    }
}
