package io.gatewarden.detect;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.Signal;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.parse.EventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatewarden.parse.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Detector bugs found by replaying the real captures end to end (see pipeline.ReplayFixturesTest). */
class ReplayFindingsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:11:01Z");

    /** Fixture 08: the lane errors of a rejected run name no model; they must not open a second, label-less incident. */
    @Test
    void laneErrorsOfARejectedRunJoinTheRunsIncident() {
        Harness h = new Harness().feed(
                Ev.of(RUN_ATTEMPT_FAILED).at(T0).run("r1").ref("fakeanth/tooluse-400").reason("format").status(400),
                Ev.of(RUN_FAILOVER_DECISION).at(T0.plusMillis(40)).run("r1").ref("fakeanth/tooluse-400").reason("format").status(400),
                Ev.of(REQUEST_REJECTED).at(T0.plusMillis(70)).reason("format").attr("lane", "main"),
                Ev.of(REQUEST_REJECTED).at(T0.plusMillis(71)).reason("format").session("lab-s6").agent("main"),
                Ev.of(REQUEST_REJECTED).at(T0.plusMillis(80)).run("r1").ref("fakeanth/tooluse-400").reason("format").status(400));
        List<Incident> all = h.all(IncidentType.REQUEST_REJECTED);
        assertThat(all).singleElement().satisfies(i -> {
            assertThat(i.labels()).isEqualTo(Map.of("provider", "fakeanth", "model", "tooluse-400"));
            assertThat(i.occurrences()).isEqualTo(1);
        });
    }

    @Test
    void aRejectionWithNoModelAndNoKnownRunStillRaisesOne() {
        Harness h = new Harness().feed(Ev.of(REQUEST_REJECTED).at(T0).reason("format"));
        assertThat(h.all(IncidentType.REQUEST_REJECTED)).singleElement()
                .satisfies(i -> assertThat(i.labels()).isEmpty());
    }

    /** Fixture 07: the run's first overflow line has no session, a later one names it; the summary must say which. */
    @Test
    void contextOverflowSummaryNamesTheSessionALaterLineGives() {
        Harness h = new Harness().feed(
                Ev.of(RUN_ATTEMPT_FAILED).at(T0).run("f2d2bb72").ref("fakeanth/ctx-400").reason("context_overflow").status(400),
                Ev.of(CONTEXT_OVERFLOW).at(T0.plusMillis(30)).ref("fakeanth/ctx-400").reason("context_overflow").session("lab-s5").agent("main"),
                Ev.of(CONTEXT_OVERFLOW).at(T0.plusMillis(220)).reason("context_overflow"));
        Incident i = h.all(IncidentType.CONTEXT_OVERFLOW).get(0);
        assertThat(h.all(IncidentType.CONTEXT_OVERFLOW)).hasSize(1);
        assertThat(i.labels()).containsEntry("provider", "fakeanth").containsEntry("model", "ctx-400");
        assertThat(i.summary()).isEqualTo("session lab-s5 overflowed the context window of fakeanth/ctx-400 (run f2d2bb72)");
    }

    /** "retry n/N" is a count; a retry line delivered twice (a re-read file) must not make 18 of 9. */
    @Test
    void retryCountComesFromTheLineNotFromCountingLines() {
        Harness h = new Harness();
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0).run("ead177c3-7cfb").ref("fakeoa/rl-429").reason("rate_limit"));
        for (int pass = 0; pass < 2; pass++) {
            for (int n = 1; n <= 3; n++) {
                h.feed(Ev.of(SAME_MODEL_RETRY).at(T0.plusSeconds(n)).ref("fakeoa/rl-429").reason("rate_limit")
                        .attr("retry", n).attr("of", 9));
            }
        }
        assertThat(h.all(IncidentType.PROVIDER_RATE_LIMITED)).singleElement()
                .satisfies(i -> assertThat(i.summary()).isEqualTo("fakeoa/rl-429 is rate-limited: 3 retries in run ead177c3"));
    }

    @Test
    void retryLinesWithoutANumberAreCounted() {
        Harness h = new Harness();
        h.feed(Ev.of(RUN_ATTEMPT_FAILED).at(T0).run("ead177c3-7cfb").ref("fakeoa/rl-429").reason("rate_limit"));
        for (int n = 1; n <= 2; n++) {
            h.feed(Ev.of(SAME_MODEL_RETRY).at(T0.plusSeconds(n)).ref("fakeoa/rl-429").reason("rate_limit"));
        }
        assertThat(h.all(IncidentType.PROVIDER_RATE_LIMITED).get(0).summary()).contains("2 retries");
    }

    /** While down, a busy log must not re-signal gateway_down on every line (it was 4 % of a 1 GB replay). */
    @Test
    void gatewayDownIsReSignalledAtMostOncePerSecondOfLogTime() {
        GatewayLifecycleDetector d = new GatewayLifecycleDetector(DetectSettings.defaults(),
                new io.gatewarden.run.RunModel(java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(30), 16));
        List<Signal> signals = new ArrayList<>();
        IncidentSink sink = new IncidentSink() {
            @Override public void signal(Signal s) { signals.add(s); }
            @Override public void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {}
        };
        d.onEvent(Ev.of(EventType.GATEWAY_STOPPING).at(T0).build(), sink);
        Instant t = T0.plusSeconds(61);
        for (int i = 0; i < 100; i++) d.onEvent(Ev.of(GENERIC).at(t.plusMillis(i * 5)).build(), sink); // 0.5 s of lines
        assertThat(signals).hasSize(1);
        d.onEvent(Ev.of(GENERIC).at(t.plusMillis(1000)).build(), sink);
        d.onTick(t.plusMillis(1500), sink);
        d.onTick(t.plusMillis(2000), sink);
        assertThat(signals).hasSize(3).allMatch(s -> s.type() == IncidentType.GATEWAY_DOWN);
        // a start ends it; the next stop is timed afresh
        d.onEvent(Ev.of(GATEWAY_READY).at(t.plusSeconds(3)).build(), sink);
        d.onEvent(Ev.of(GATEWAY_STOPPING).at(t.plusSeconds(4)).build(), sink);
        d.onTick(t.plusSeconds(4 + 61), sink);
        assertThat(signals).extracting(Signal::type).containsExactly(IncidentType.GATEWAY_DOWN, IncidentType.GATEWAY_DOWN,
                IncidentType.GATEWAY_DOWN, IncidentType.GATEWAY_RESTARTED, IncidentType.GATEWAY_DOWN);
    }
}
