package io.gatewarden.detect;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentSettings;
import io.gatewarden.incident.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.gatewarden.incident.IncidentType.ERROR_LOOP;
import static io.gatewarden.parse.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

class ErrorLoopDetectorTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    /** The same failure as logged by different runs: ids, numbers and durations differ. */
    private static Ev failure(String run, Instant at, int n) {
        return Ev.of(RUN_ATTEMPT_FAILED).at(at).run(run).ref("fakeanth/flaky").reason("timeout")
                .detail("request req_" + (1000 + n) + "abc timed out after " + (30 + n) + "s (session \"lab-s" + n
                        + "\", trace 3b94924e0061" + n + ")");
    }

    @Test
    void threeRunsWithTheSameErrorWithinThreeMinutesAreOneLoop() {
        Harness h = new Harness();
        h.feed(failure("run-1", T0, 1), failure("run-2", T0.plusSeconds(50), 2), failure("run-3", T0.plusSeconds(100), 3));

        List<Incident> loops = h.all(ERROR_LOOP);
        assertThat(loops).hasSize(1);
        Incident i = loops.get(0);
        assertThat(i.occurrences()).isEqualTo(3);
        assertThat(i.startsAt()).isEqualTo(T0);
        assertThat(i.severity()).isEqualTo(Severity.WARNING);
        assertThat(i.labels()).containsOnlyKeys("provider", "model", "error", "fingerprint")
                .containsEntry("provider", "fakeanth").containsEntry("model", "flaky");
        assertThat(i.labels().get("error")).isEqualTo("request <id> timed out after <dur> (session \"*\", trace <hex>)");
        assertThat(i.labels().get("error").length()).isLessThanOrEqualTo(80);
        assertThat(i.summary()).isEqualTo("the same error hit fakeanth/flaky in 3 runs within 3m: " + i.labels().get("error"));
    }

    @Test
    void twoRunsAreNotALoop() {
        Harness h = new Harness();
        h.feed(failure("run-1", T0, 1), failure("run-2", T0.plusSeconds(50), 2));
        assertThat(h.all(ERROR_LOOP)).isEmpty();
    }

    @Test
    void retriesInsideOneRunCountOnce() {
        Harness h = new Harness();
        for (int i = 0; i < 10; i++) h.feed(failure("run-1", T0.plusSeconds(i), i));
        for (int i = 0; i < 10; i++) h.feed(failure("run-2", T0.plusSeconds(20 + i), i));
        assertThat(h.all(ERROR_LOOP)).isEmpty();
        h.feed(failure("run-3", T0.plusSeconds(60), 7));
        assertThat(h.all(ERROR_LOOP)).singleElement().extracting(Incident::occurrences).isEqualTo(3L);
    }

    @Test
    void runsSpreadWiderThanTheWindowAreNotALoop() {
        Harness h = new Harness();
        h.feed(failure("run-1", T0, 1), failure("run-2", T0.plusSeconds(100), 2), failure("run-3", T0.plusSeconds(200), 3));
        assertThat(h.all(ERROR_LOOP)).isEmpty();
        h.feed(failure("run-4", T0.plusSeconds(250), 4)); // run-2, 3, 4 within 3 minutes
        assertThat(h.all(ERROR_LOOP)).singleElement().satisfies(i -> {
            assertThat(i.occurrences()).isEqualTo(3);
            assertThat(i.startsAt()).isEqualTo(T0.plusSeconds(100));
        });
    }

    @Test
    void manyRunsMakeItCritical() {
        Harness h = new Harness();
        for (int i = 0; i < 9; i++) h.feed(failure("run-" + i, T0.plusSeconds(i * 10L), i));
        assertThat(h.all(ERROR_LOOP).get(0).severity()).isEqualTo(Severity.WARNING);
        h.feed(failure("run-9", T0.plusSeconds(95), 9));
        assertThat(h.all(ERROR_LOOP)).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(i.occurrences()).isEqualTo(10);
        });
    }

    @Test
    void differentModelsAreDifferentLoopsAndReasonsWithTheirOwnDetectorAreLeftAlone() {
        Harness h = new Harness();
        for (int i = 0; i < 3; i++) {
            h.feed(failure("a-" + i, T0.plusSeconds(i), i));
            h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0.plusSeconds(i)).run("b-" + i).ref("other/model").reason("timeout")
                    .detail("request timed out after " + i + "s"));
            h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0.plusSeconds(i)).run("c-" + i).ref("fakeoa/rl-429").reason("rate_limit")
                    .detail(Scenarios.RL_ERROR));
        }
        assertThat(h.all(ERROR_LOOP)).extracting(i -> i.labels().get("model")).containsExactlyInAnyOrder("flaky", "model");
    }

    @Test
    void failedAgentCallsWithoutAModelCountButAllModelsFailedIsLeftToChainExhausted() {
        Harness h = new Harness();
        for (int i = 0; i < 3; i++) {
            h.feed(Ev.of(RUN_FAILED).at(T0.plusSeconds(i)).run("r" + i).detail("errorCode=INVALID_REQUEST session " + i + " is locked"));
            h.feed(Ev.of(RUN_FAILED).at(T0.plusSeconds(i)).run("x" + i).detail("All models failed (2): a/b: x | c/d: y"));
        }
        assertThat(h.all(ERROR_LOOP)).singleElement().satisfies(i -> {
            assertThat(i.labels()).doesNotContainKeys("provider", "model");
            assertThat(i.summary()).contains("the gateway in 3 runs");
        });
    }

    @Test
    void thresholdsAreConfigurable() {
        DetectSettings s = new DetectSettings(null, null, null, null,
                new DetectSettings.ErrorLoop(null, Duration.ofMinutes(1), 2, 2, List.of(), 20), null, null, null, null, null, null, null, null, null);
        Harness h = new Harness(s, IncidentSettings.defaults());
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0).run("r1").ref("fakeoa/rl-429").reason("rate_limit").detail(Scenarios.RL_ERROR));
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0.plusSeconds(30)).run("r2").ref("fakeoa/rl-429").reason("rate_limit").detail(Scenarios.RL_ERROR));
        assertThat(h.all(ERROR_LOOP)).singleElement().satisfies(i -> {
            assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(i.labels().get("error")).hasSizeLessThanOrEqualTo(20).endsWith("…");
        });
    }
}
