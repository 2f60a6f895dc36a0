package io.gatewarden.collect;

import io.gatewarden.config.ConfigMapper;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayStatusCollectorTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:10:00Z"));

    @Test
    void readsUnusableProfilesAndSessionsFromTheCli() throws IOException {
        Path exe = FakeOpenclaw.install(dir);
        GatewayStatusCollector c = GatewayStatusCollector.create(FakeOpenclaw.settings(exe, Map.of()), clock);
        List<GatewayStatus> seen = new ArrayList<>();
        c.addListener(seen::add);

        GatewayStatus s = c.collect();

        assertThat(s.state()).as(s.problems().toString()).isEqualTo(GatewayStatus.State.OK);
        assertThat(s.unusableProfiles()).singleElement().satisfies(p -> {
            assertThat(p.profileId()).isEqualTo("fakeoa:default");
            assertThat(p.provider()).isEqualTo("fakeoa");
            assertThat(p.kind()).isEqualTo("disabled");
            assertThat(p.isDisabled()).isTrue();
            assertThat(p.reason()).isEqualTo("billing");
            assertThat(p.until()).isEqualTo(Instant.ofEpochMilli(1795436373506L));
            assertThat(p.remaining()).isEqualTo(Duration.ofMillis(391478));
            assertThat(p.recoveryHint()).startsWith("Top up credits");
        });
        assertThat(s.sessions()).hasSize(5);
        SessionUsage s5 = s.sessions().get(0);
        assertThat(s5.key()).isEqualTo("agent:main:explicit:lab-s5");
        assertThat(s5.agentId()).isEqualTo("main");
        assertThat(s5.provider()).isEqualTo("anthropic");
        assertThat(s5.ratio()).isEqualTo(0.96);
        assertThat(s.sessions().get(3).fresh()).isFalse();
        assertThat(s.sessions().get(4).ratio()).isNull();
        assertThat(seen).containsExactly(s);
        assertThat(c.cliAbsent()).isFalse();
    }

    @Test
    void ticksOnItsInterval() throws IOException {
        Path exe = FakeOpenclaw.install(dir);
        GatewayStatusCollector c = GatewayStatusCollector.create(FakeOpenclaw.settings(exe, Map.of()), clock);
        assertThat(c.tick()).isPresent();
        assertThat(c.tick()).isEmpty();
        clock.advance(Duration.ofSeconds(59));
        assertThat(c.tick()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.tick()).isPresent();
    }

    @Test
    void absentCliIsSkippedCleanlyWithOneLogLine() {
        List<LogRecord> records = new ArrayList<>();
        Handler h = capture(records);
        try {
            CollectSettings s = new CollectSettings(null, List.of(dir.resolve("no/such/openclaw").toString()), null, null,
                    null, null, null, null, null);
            GatewayStatusCollector c = GatewayStatusCollector.create(s, clock);
            for (int i = 0; i < 3; i++) {
                GatewayStatus st = c.tick().orElseThrow();
                assertThat(st.state()).isEqualTo(GatewayStatus.State.CLI_ABSENT);
                assertThat(st.sessionsKnown()).isFalse();
                clock.advance(Duration.ofMinutes(1));
            }
            assertThat(c.cliAbsent()).isTrue();
        } finally {
            Logger.getLogger("").removeHandler(h);
        }
        List<LogRecord> mine = records.stream().filter(r -> r.getLoggerName().contains("GatewayStatusCollector")).toList();
        assertThat(mine).singleElement().satisfies(r -> {
            assertThat(r.getMessage()).contains("openclaw CLI not available").contains("skipped");
            assertThat(r.getThrown()).isNull();
        });
    }

    @Test
    void hangingCliIsKilledAtTheTimeout() throws IOException {
        Path exe = FakeOpenclaw.install(dir);
        CollectSettings base = FakeOpenclaw.settings(exe, Map.of("FAKE_OPENCLAW_MODE", "hang"));
        CollectSettings s = new CollectSettings(true, base.command(), null, Duration.ofMillis(400), null, null, null, base.env(), null);
        long t0 = System.nanoTime();
        GatewayStatus st = GatewayStatusCollector.create(s, clock).collect();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(st.state()).isEqualTo(GatewayStatus.State.FAILED);
        assertThat(st.problems()).allMatch(p -> p.contains("did not finish within 400 ms"));
        assertThat(ms).isLessThan(5_000);
    }

    @Test
    void garbageAndFailuresAreReportedNotThrown() throws IOException {
        Path exe = FakeOpenclaw.install(dir);
        GatewayStatus garbage = GatewayStatusCollector.create(FakeOpenclaw.settings(exe, Map.of("FAKE_OPENCLAW_MODE", "garbage")), clock).collect();
        assertThat(garbage.state()).isEqualTo(GatewayStatus.State.FAILED);
        assertThat(garbage.problems()).anyMatch(p -> p.contains("not JSON") && p.contains("Segmentation fault"));

        GatewayStatus fail = GatewayStatusCollector.create(FakeOpenclaw.settings(exe, Map.of("FAKE_OPENCLAW_MODE", "fail")), clock).collect();
        assertThat(fail.state()).isEqualTo(GatewayStatus.State.FAILED);
        assertThat(fail.problems()).anyMatch(p -> p.contains("exited with 1") && p.contains("gateway config invalid"));
    }

    @Test
    void logLinesBeforeTheJsonAreSkipped() throws IOException {
        Path exe = FakeOpenclaw.install(dir);
        GatewayStatus st = GatewayStatusCollector.create(FakeOpenclaw.settings(exe, Map.of("FAKE_OPENCLAW_MODE", "chatty")), clock).collect();
        assertThat(st.state()).as(st.problems().toString()).isEqualTo(GatewayStatus.State.OK);
        assertThat(st.sessions()).hasSize(5);
    }

    @Test
    void oneBadPartLeavesTheOtherValid() throws IOException {
        Path exe = FakeOpenclaw.install(dir);
        Path bad = dir.resolve("bad-sessions.json");
        Files.writeString(bad, "{\"path\":null,\"count\":0}");
        GatewayStatus st = GatewayStatusCollector.create(FakeOpenclaw.settings(exe, Map.of("FAKE_OPENCLAW_SESSIONS", bad.toString())), clock).collect();
        assertThat(st.state()).isEqualTo(GatewayStatus.State.PARTIAL);
        assertThat(st.profilesKnown()).isTrue();
        assertThat(st.sessionsKnown()).isFalse();
        assertThat(st.problems()).singleElement().asString().contains("no \"sessions\" list");
    }

    @Test
    void outputIsBounded() throws IOException {
        Path exe = FakeOpenclaw.install(dir);
        CollectSettings base = FakeOpenclaw.settings(exe, Map.of());
        CollectSettings s = new CollectSettings(true, base.command(), null, null, 1024, null, null, base.env(), null);
        GatewayStatus st = GatewayStatusCollector.create(s, clock).collect();
        assertThat(st.state()).isEqualTo(GatewayStatus.State.FAILED);
        assertThat(st.problems()).allMatch(p -> p.contains("printed more than 1024 bytes"));
    }

    @Test
    void settingsBindFromYaml() throws Exception {
        CollectSettings s = ConfigMapper.yaml().readValue("""
                command: /usr/local/bin/openclaw
                interval: 2m
                sessions_args: [sessions, --json, --all-agents]
                env: {OPENCLAW_PROFILE: work}
                """, CollectSettings.class);
        assertThat(s.command()).containsExactly("/usr/local/bin/openclaw");
        assertThat(s.interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.sessionsArgs()).containsExactly("sessions", "--json", "--all-agents");
        assertThat(s.modelsStatusArgs()).containsExactly("models", "status", "--json");
        assertThat(s.env()).containsEntry("OPENCLAW_PROFILE", "work");
        assertThat(CollectSettings.defaults().command()).containsExactly("openclaw");
    }

    static Handler capture(List<LogRecord> records) {
        Handler h = new Handler() {
            @Override public synchronized void publish(LogRecord r) { records.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        h.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(h);
        return h;
    }
}
