package io.gatewarden.load;

import io.gatewarden.alert.AlertPipeline;
import io.gatewarden.alert.AlertSettings;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.pipeline.EventPipeline;
import io.gatewarden.pipeline.Pipelines;
import io.gatewarden.testsupport.MutableClock;
import io.gatewarden.time.EventClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The daily digest on a driven clock: two days of real-shaped heartbeat and cron runs (fixture 21's lines, see
 * {@link FirstIncidentLoadTest}) go through the run model into {@link LoadWatch}; at 08:00 of the third day the
 * digest compares the second day with the first, once, and a restart does not send it again.
 */
class DailyDigestTest {
    static final Instant DAY1 = Instant.parse("2026-11-20T00:00:00Z");
    static final Instant DAY2 = DAY1.plus(Duration.ofDays(1));

    record Fed(LoadWatch watch, MutableClock clock) {}

    /** Day 1: heartbeat every 30 min, analyst every 30 min. Day 2: the same plus the accumulator every 10 min. */
    static Fed twoDays() throws Exception {
        MutableClock clock = new MutableClock(DAY1);
        EventPipeline pipeline = Pipelines.requestsOnly(GatewardenConfig.defaults().pipeline(), new EventClock(Instant.EPOCH));
        LoadSettings settings = new LoadSettings(true, "08:00", "UTC", 10, 200);
        LoadWatch watch = new LoadWatch(settings, pipeline.runModel(), LoadLedger.Credentials.PROVIDER_ONLY,
                Map.of(FirstIncidentLoadTest.ANALYST, "analyst", FirstIncidentLoadTest.ACCUMULATOR, "accumulator")::get, clock);
        pipeline.addRequestListener(watch::onRequest);
        pipeline.addEventListener(watch::onEvent);
        var hb = FirstIncidentLoadTest.heartbeat();
        var cron = FirstIncidentLoadTest.cron();
        for (Instant day : List.of(DAY1, DAY2)) {
            for (int minute = 0; minute < 24 * 60; minute++) {
                Instant at = day.plus(Duration.ofMinutes(minute));
                List<String> lines = new ArrayList<>();
                if (minute % 30 == 7) lines.addAll(FirstIncidentLoadTest.instance(hb, at.plusSeconds(5), null));
                if (minute % 30 == 0) lines.addAll(FirstIncidentLoadTest.instance(cron, at.plusSeconds(1), FirstIncidentLoadTest.ANALYST));
                if (day.equals(DAY2) && minute % 10 == 0) lines.addAll(FirstIncidentLoadTest.instance(cron, at.plusSeconds(2), FirstIncidentLoadTest.ACCUMULATOR));
                lines.forEach(pipeline::acceptLine);
            }
        }
        return new Fed(watch, clock);
    }

    @Test
    void digestAtEightComparesYesterdayWithTheDayBeforeOnce(@TempDir Path state) throws Exception {
        Fed f = twoDays();
        List<LoadDigest> sent = new ArrayList<>();
        DailyDigest digest = new DailyDigest(f.watch(), f.clock(), state.resolve("load-digest.txt"), List::of, sent::add);
        f.clock().set(Instant.parse("2026-11-22T07:59:59Z"));
        assertThat(digest.tick()).isNull();
        f.clock().set(Instant.parse("2026-11-22T08:00:00Z"));
        LoadDigest d = digest.tick();
        assertThat(sent).containsExactly(d);
        assertThat(d.day()).hasToString("2026-11-21");
        assertThat(d.calls()).isEqualTo(240);
        assertThat(d.previousCalls()).isEqualTo(96);
        assertThat(d.summary()).isEqualTo("load 2026-11-21: 240 provider calls (+150 % vs 96 the day before), 0 failed (0 the day before)");
        assertThat(d.lowerBound()).as("the runs' DEBUG lines were seen: counts are complete").isFalse();
        assertThat(d.details()).containsExactly("main cron accumulator: 144 calls (0 the day before)",
                "main cron analyst: 48 calls (48 the day before)", "main heartbeat: 48 calls (48 the day before)");
        f.clock().set(Instant.parse("2026-11-22T09:00:00Z"));
        assertThat(digest.tick()).as("one digest a day").isNull();
        // a restarted daemon reads the day it last sent
        assertThat(new DailyDigest(f.watch(), f.clock(), state.resolve("load-digest.txt"), List::of, sent::add).tick()).isNull();
        f.clock().set(Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(digest.tick()).as("the next day's digest").isNotNull();
        assertThat(sent).hasSize(2);
    }

    @Test
    void theLast24HoursPerSourceForTheStatusPage() throws Exception {
        Fed f = twoDays();
        f.clock().set(Instant.parse("2026-11-21T23:59:00Z"));
        assertThat(f.watch().last24h()).extracting(LoadWatch.Count::who, LoadWatch.Count::calls)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("main cron accumulator", 144L),
                        org.assertj.core.groups.Tuple.tuple("main cron analyst", 48L),
                        org.assertj.core.groups.Tuple.tuple("main heartbeat", 48L));
    }

    @Test
    void theDigestGoesOutThroughTheAlertReceivers(@TempDir Path state) throws Exception {
        Fed f = twoDays();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        AlertPipeline alerts = AlertPipeline.builder(AlertSettings.defaults(), state).clock(f.clock())
                .console(new PrintStream(console, true, StandardCharsets.UTF_8)).autoTick(false).build();
        alerts.start();
        try {
            DailyDigest digest = new DailyDigest(f.watch(), f.clock(), null,
                    () -> List.of("main cron a + main cron b at 09:00 on fp:1234abcd"),
                    d -> alerts.sendInfo("load-digest-" + d.day(), "load_digest", d.summary(), d.details()));
            f.clock().set(Instant.parse("2026-11-22T08:00:00Z"));
            assertThat(digest.tick()).isNotNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> console.toString(StandardCharsets.UTF_8).contains("[digest]"));
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .contains("[digest] load 2026-11-21: 240 provider calls (+150 % vs 96 the day before)")
                    .contains("main cron accumulator: 144 calls")
                    .contains("collision: main cron a + main cron b at 09:00");
        } finally {
            alerts.close();
        }
    }
}
