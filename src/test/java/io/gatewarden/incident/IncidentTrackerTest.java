package io.gatewarden.incident;

import io.gatewarden.config.ConfigMapper;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, String> RL = Labels.of("provider", "fakeoa", "model", "rl-429");

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingListener listener = new RecordingListener();

    private IncidentTracker tracker(IncidentSettings s) {
        IncidentTracker t = new IncidentTracker(s, clock);
        t.addListener(listener);
        return t;
    }

    private static Signal rl(String key, Instant at) {
        return new Signal(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, RL, key, "fakeoa/rl-429 is rate-limited",
                "line at " + at, at);
    }

    @Test
    void repeatsOfOneKeyExtendTheEpisodeWithoutCountingTwice() {
        IncidentTracker t = tracker(IncidentSettings.defaults());
        for (int i = 0; i < 10; i++) t.signal(rl("run:a", T0.plusSeconds(i * 15)));

        assertThat(t.open()).hasSize(1);
        Incident i = t.open().get(0);
        assertThat(i.occurrences()).isEqualTo(1);
        assertThat(i.startsAt()).isEqualTo(T0);
        assertThat(i.lastSeenAt()).isEqualTo(T0.plusSeconds(135));
        assertThat(i.endsAt()).isNull();
        assertThat(i.id()).startsWith("provider_rate_limited-");
        assertThat(listener.count("opened")).isEqualTo(1);
        // lastSeen-only changes are throttled to one update per minute: at +60s and +120s
        assertThat(listener.count("updated")).isEqualTo(2);
    }

    @Test
    void distinctKeysCountAndNullKeysCountEverySignal() {
        IncidentTracker t = tracker(IncidentSettings.defaults());
        t.signal(rl("run:a", T0));
        t.signal(rl("run:b", T0.plusSeconds(1)));
        t.signal(rl("run:a", T0.plusSeconds(2)));
        t.signal(rl(null, T0.plusSeconds(3)));
        t.signal(rl(null, T0.plusSeconds(4)));
        assertThat(t.open().get(0).occurrences()).isEqualTo(4);
        assertThat(listener.count("updated")).isEqualTo(3); // run:b and the two unkeyed ones
    }

    @Test
    void severityOnlyGoesUpAndNotifiesAtOnce() {
        IncidentTracker t = tracker(IncidentSettings.defaults());
        Map<String, String> l = Labels.of("fingerprint", "abc");
        t.signal(new Signal(IncidentType.ERROR_LOOP, Severity.WARNING, l, "run:1", "s", null, T0));
        t.signal(new Signal(IncidentType.ERROR_LOOP, Severity.CRITICAL, l, "run:1", "s", null, T0.plusSeconds(1)));
        t.signal(new Signal(IncidentType.ERROR_LOOP, Severity.WARNING, l, "run:1", "s", null, T0.plusSeconds(2)));
        assertThat(t.open().get(0).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(listener.calls).containsExactly("opened:error_loop", "updated:error_loop");
    }

    @Test
    void quietPeriodResolvesAndARecurrenceIsANewIncident() {
        IncidentTracker t = tracker(IncidentSettings.defaults());
        t.signal(rl("run:a", T0));
        t.signal(rl("run:a", T0.plusSeconds(60)));
        String first = t.open().get(0).id();

        t.tick(T0.plusSeconds(60 + 299));
        assertThat(t.open()).hasSize(1);
        t.tick(T0.plusSeconds(60 + 300));
        assertThat(t.open()).isEmpty();
        Incident done = t.recent().get(0);
        assertThat(done.id()).isEqualTo(first);
        assertThat(done.endsAt()).isEqualTo(T0.plusSeconds(360));
        assertThat(done.evidence()).last().asString().startsWith("resolved: quiet for 5m");
        assertThat(t.get(first)).contains(done);

        t.signal(rl("run:a", T0.plusSeconds(1000)));
        Incident again = t.open().get(0);
        assertThat(again.id()).isNotEqualTo(first);
        assertThat(again.occurrences()).isEqualTo(1);
        assertThat(again.startsAt()).isEqualTo(T0.plusSeconds(1000));
        // the repeat at +60s changed only lastSeen, and a minute had passed: one throttled update
        assertThat(listener.calls).containsExactly("opened:provider_rate_limited", "updated:provider_rate_limited",
                "resolved:provider_rate_limited", "opened:provider_rate_limited");
    }

    @Test
    void aSignalAfterTheQuietPeriodStartsANewEpisodeEvenWithoutATick() {
        IncidentTracker t = tracker(IncidentSettings.defaults());
        t.signal(rl("run:a", T0));
        t.signal(rl("run:b", T0.plus(Duration.ofMinutes(10))));
        assertThat(t.open()).hasSize(1);
        assertThat(t.open().get(0).occurrences()).isEqualTo(1);
        assertThat(t.recent()).hasSize(1);
        assertThat(t.recent().get(0).endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void perTypeQuietPeriods() {
        IncidentSettings s = new IncidentSettings(Duration.ofMinutes(5), Map.of("provider_rate_limited", Duration.ofMinutes(1)),
                null, null, null, null, null, null);
        IncidentTracker t = tracker(s);
        t.signal(rl("run:a", T0));
        t.signal(new Signal(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, Map.of(), null, "bad", null, T0));
        t.tick(T0.plus(Duration.ofMinutes(2)));
        assertThat(t.open()).extracting(Incident::type).containsExactly(IncidentType.CONFIG_RELOAD_FAILED);
        t.tick(T0.plus(Duration.ofMinutes(30)));
        assertThat(t.open()).hasSize(1); // config_reload_failed keeps 1h by default
        t.tick(T0.plus(Duration.ofMinutes(60)));
        assertThat(t.open()).isEmpty();
    }

    @Test
    void keepsTheFirstThreeAndTheLastFiveExcerpts() {
        IncidentTracker t = tracker(IncidentSettings.defaults());
        for (int i = 1; i <= 20; i++) {
            t.signal(new Signal(IncidentType.PROVIDER_RATE_LIMITED, Severity.WARNING, RL, "run:" + i, "s", "line " + i,
                    T0.plusSeconds(i)));
        }
        assertThat(t.open().get(0).evidence())
                .containsExactly("line 1", "line 2", "line 3", "line 16", "line 17", "line 18", "line 19", "line 20");
        assertThat(t.open().get(0).occurrences()).isEqualTo(20);
    }

    @Test
    void explicitResolveEndsOnlyThatEpisode() {
        IncidentTracker t = tracker(IncidentSettings.defaults());
        t.signal(new Signal(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, Map.of(), "x", "bad config", "skipped", T0));
        t.signal(rl("run:a", T0));
        t.resolve(IncidentType.GATEWAY_DOWN, Map.of(), T0.plusSeconds(5), "none open: nothing happens");
        t.resolve(IncidentType.CONFIG_RELOAD_FAILED, Map.of(), T0.plusSeconds(9), "config hot reload applied");
        assertThat(t.open()).extracting(Incident::type).containsExactly(IncidentType.PROVIDER_RATE_LIMITED);
        Incident r = t.recent().get(0);
        assertThat(r.endsAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(r.evidence()).containsExactly("skipped", "resolved: config hot reload applied");
        assertThat(t.stats().resolved()).isEqualTo(1);
    }

    @Test
    void capResolvesTheOldestOpenIncidentAndCountsIt() {
        IncidentTracker t = tracker(IncidentSettings.defaults().withMaxOpen(3));
        for (int i = 0; i < 5; i++) {
            t.signal(new Signal(IncidentType.CONTEXT_OVERFLOW, Severity.WARNING, Labels.of("session", "s" + i), "run:" + i,
                    "overflow", null, T0.plusSeconds(i)));
        }
        assertThat(t.open()).extracting(i -> i.labels().get("session")).containsExactly("s2", "s3", "s4");
        assertThat(t.stats().evictedByCap()).isEqualTo(2);
        assertThat(t.recent()).extracting(i -> i.labels().get("session")).containsExactly("s1", "s0");
        assertThat(t.recent().get(0).evidence()).last().asString().contains("max_open 3");
    }

    @Test
    void resolvedRingIsBounded() {
        IncidentSettings s = new IncidentSettings(null, null, 1000, 200, null, null, null, null);
        IncidentTracker t = tracker(s);
        for (int i = 0; i < 500; i++) {
            Map<String, String> l = Labels.of("session", "s" + i);
            t.signal(new Signal(IncidentType.CONTEXT_OVERFLOW, Severity.WARNING, l, null, "o", null, T0));
            t.resolve(IncidentType.CONTEXT_OVERFLOW, l, T0.plusSeconds(1), "done");
        }
        assertThat(t.recent()).hasSize(200);
        assertThat(t.recent().get(0).labels().get("session")).isEqualTo("s499");
    }

    @Test
    void occurrenceKeysAreBoundedPerIncident() throws Exception {
        IncidentTracker t = tracker(IncidentSettings.defaults());
        for (int i = 0; i < 10_000; i++) t.signal(rl("run:" + i, T0.plusMillis(i)));
        assertThat(t.open().get(0).occurrences()).isEqualTo(10_000);
        assertThat(t.snapshot().open().get(0).recentKeys()).hasSize(256);
        // a key still remembered is not counted again
        t.signal(rl("run:9999", T0.plusSeconds(20)));
        assertThat(t.open().get(0).occurrences()).isEqualTo(10_000);
    }

    @Test
    void snapshotSurvivesAJsonRoundTripAndARestart() throws Exception {
        IncidentTracker t = tracker(IncidentSettings.defaults());
        t.signal(rl("run:a", T0));
        t.signal(rl("run:b", T0.plusSeconds(10)));
        t.signal(new Signal(IncidentType.QUOTA_EXHAUSTED, Severity.CRITICAL, Labels.of("provider", "fakeoa", "profile", "sha256:3b94"),
                "run:q", "fakeoa is out of quota", "disabledUntil=...", T0.plusSeconds(20)));
        t.signal(new Signal(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, Map.of(), null, "bad", "e1", T0));
        t.resolve(IncidentType.CONFIG_RELOAD_FAILED, Map.of(), T0.plusSeconds(30), "applied");

        String json = ConfigMapper.json().writeValueAsString(t.snapshot());
        assertThat(json).contains("\"provider_rate_limited\"", "\"recent_keys\"", "\"last_seen_at\"");
        TrackerState back = ConfigMapper.json().readValue(json, TrackerState.class);

        RecordingListener l2 = new RecordingListener();
        IncidentTracker t2 = new IncidentTracker(IncidentSettings.defaults(), clock);
        t2.addListener(l2);
        assertThat(t2.restore(back)).isEqualTo(2);
        assertThat(t2.open()).isEqualTo(t.open());
        assertThat(t2.recent()).isEqualTo(t.recent());
        assertThat(l2.calls).isEmpty();

        // a run counted before the restart is not counted again; a new one is
        t2.signal(rl("run:b", T0.plusSeconds(40)));
        t2.signal(rl("run:c", T0.plusSeconds(50)));
        Incident rl = t2.open().stream().filter(i -> i.type() == IncidentType.PROVIDER_RATE_LIMITED).findFirst().orElseThrow();
        assertThat(rl.occurrences()).isEqualTo(3);
        assertThat(rl.id()).isEqualTo(t.open().get(0).id());
        // and the quiet period still applies to restored incidents
        t2.tick(T0.plus(Duration.ofHours(1)));
        assertThat(t2.open()).isEmpty();
        assertThat(l2.count("resolved")).isEqualTo(2);
    }

    @Test
    void restoreSkipsWhatItCannotReadAndKeepsTheRest() {
        TrackerState s = new TrackerState(1, T0, List.of(
                new TrackerState.EpisodeState("x-1", "no_such_type", "warning", Map.of(), T0, T0, null, 1, "?", null, null, null, null, null),
                new TrackerState.EpisodeState("gateway_down-1", "gateway_down", "critical", Map.of(), T0, T0, null, 1, "down",
                        List.of("stop"), null, List.of("down@1"), null, null)), null);
        IncidentTracker t = tracker(IncidentSettings.defaults());
        assertThat(t.restore(s)).isEqualTo(1);
        assertThat(t.get("gateway_down-1")).isPresent();
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        IncidentTracker t = new IncidentTracker(IncidentSettings.defaults(), clock);
        t.addListener(new IncidentListener() {
            @Override public void opened(Incident i) { throw new IllegalStateException("boom"); }
        });
        t.addListener(listener);
        t.signal(rl("run:a", T0));
        assertThat(listener.calls).containsExactly("opened:provider_rate_limited");
        assertThat(t.stats().listenerFailures()).isEqualTo(1);
    }

    @Test
    void signalsWithoutTimeUseTheClockAndOutOfOrderLinesDoNotMoveLastSeenBack() {
        IncidentTracker t = tracker(IncidentSettings.defaults());
        t.signal(rl("run:a", null));
        t.signal(rl("run:a", T0.minusSeconds(30)));
        assertThat(t.open().get(0).startsAt()).isEqualTo(T0);
        assertThat(t.open().get(0).lastSeenAt()).isEqualTo(T0);
    }

    @Test
    void readsAreSafeWhileTheDetectionThreadWrites() throws Exception {
        IncidentTracker t = tracker(IncidentSettings.defaults().withMaxOpen(50));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        List<Future<Integer>> reads = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            reads.add(readers.submit(() -> {
                int n = 0;
                while (!stop.get()) {
                    for (Incident i : t.open()) {
                        t.get(i.id());
                        n += i.evidence().size() >= 0 ? 1 : 0;
                    }
                    t.recent();
                    t.snapshot();
                }
                return n;
            }));
        }
        for (int i = 0; i < 20_000; i++) {
            t.signal(new Signal(IncidentType.ERROR_LOOP, Severity.WARNING, Labels.of("fingerprint", "f" + (i % 200)),
                    "run:" + i, "loop", "line " + i, T0.plusMillis(i)));
            if (i % 1000 == 0) t.tick(T0.plusMillis(i));
        }
        stop.set(true);
        readers.shutdown();
        assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        for (Future<Integer> f : reads) f.get(); // rethrows any exception a reader hit
        assertThat(t.open()).hasSizeLessThanOrEqualTo(50);
    }
}
