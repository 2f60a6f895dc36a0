package io.gatewarden.act;

import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.testsupport.BreakerFeed;
import io.gatewarden.breaker.BreakerSettings;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.breaker.BreakerTransition;
import io.gatewarden.breaker.ConfiguredProfiles;
import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.gateway.restart.FakeGatewayProcess;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole act path against a real child process standing in for OpenClaw (fake_gateway.py): it writes the 429
 * storm lines, we tail its log, the breaker opens, the switcher writes openclaw.json, the fake gateway sees the file
 * change and logs "config hot reload applied", we read that line and confirm; later the primary recovers and we
 * fail back. Nothing of our pipeline is mocked; the only stand-in is the test's small line parser.
 */
class SwitchAgainstFakeGatewayTest {
    static final Path INITIAL = Path.of("src/test/resources/fixtures/openclaw/configs/01-initial-openclaw.json");
    static final Path INVALID_SCHEMA = Path.of("src/test/resources/fixtures/openclaw/configs/11-invalid-schema-openclaw.json");

    @TempDir Path dir;

    final Clock clock = Clock.systemUTC();
    final List<ActionOutcome> outcomes = new CopyOnWriteArrayList<>();
    final List<Signal> signals = new CopyOnWriteArrayList<>();
    final List<Long> openedAtNanos = new CopyOnWriteArrayList<>();
    final List<Long> outcomeNanos = Collections.synchronizedList(new ArrayList<>());

    record Stage(BreakerRegistry breakers, PrimarySwitcher switcher, ActionJournal journal, GatewayConfigWriter writer, BreakerFeed feed) {}

    Stage wire(Path cfg, Path state) throws Exception {
        Files.createDirectories(state);
        BreakerSettings bs = new BreakerSettings(null, null, null, null, List.of(Duration.ofSeconds(1)), null, null, null, null);
        ActSettings as = new ActSettings(false, "fake", new ActSettings.SwitchSettings(null, Duration.ofSeconds(5), Duration.ofSeconds(1),
                null, Duration.ofSeconds(1), null, null, null, null), null, null, null, null);
        ActionJournal journal = new ActionJournal(state.resolve("actions.jsonl"), 1 << 20, clock);
        ActionGuard guard = new ActionGuard(clock, journal, as, state.resolve("guard.json"));
        ConfiguredProfiles profiles = new ConfiguredProfiles(ChainSnapshot.read(cfg, null).profilesByProvider());
        BreakerRegistry breakers = new BreakerRegistry(bs, clock, profiles, state.resolve("breakers.json"));
        GatewayConfigWriter writer = new GatewayConfigWriter(cfg, journal, clock, 5, state.resolve("backups"));
        PrimarySwitcher sw = new PrimarySwitcher("fake", writer, breakers, guard, as.switchPrimary(), CredentialCheck.FROM_CONFIG, clock,
                state.resolve("switcher.json"));
        breakers.addListener(t -> { if (t.to() == BreakerStatus.OPEN) openedAtNanos.add(System.nanoTime()); });
        breakers.addListener(sw);
        BreakerFeed feed = new BreakerFeed(breakers).primary(sw::currentPrimary);
        sw.addListener(o -> { outcomes.add(o); outcomeNanos.add(System.nanoTime()); });
        sw.setAlertSink(new IncidentSink() {
            @Override public void signal(Signal s) { signals.add(s); }
            @Override public void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {}
        });
        return new Stage(breakers, sw, journal, writer, feed);
    }

    static String primary(Path cfg) throws Exception {
        return Json5Editor.valueAt(Files.readString(cfg), "agents.defaults.model.primary").textValue();
    }

    @Test
    void stormSwitchConfirmRecoverFailBack_againstTheFakeGateway() throws Exception {
        Path cfg = dir.resolve("openclaw.json");
        Files.copy(INITIAL, cfg);
        String original = Files.readString(cfg);
        Stage s = wire(cfg, dir.resolve("state"));
        List<String> figures = new ArrayList<>();
        try (FakeGatewayProcess gw = FakeGatewayProcess.builder(dir.resolve("gw")).config(cfg).start();
             LogFollower follow = new LogFollower(gw.log(), e -> { s.feed().accept(e); s.switcher().onEvent(e); })) {
            gw.awaitStarted();
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            ticker.scheduleAtFixedRate(() -> { s.breakers().tick(); s.switcher().tick(); }, 100, 100, TimeUnit.MILLISECONDS);
            try {
                for (int cycle = 0; cycle < 3; cycle++) {
                    int before = outcomes.size();
                    int opens = openedAtNanos.size();
                    gw.emit("rate_limit_storm fakeoa rl-429 retries=9 next=fakeanth/ovl-529");
                    await().atMost(Duration.ofSeconds(15)).until(() -> outcomes.stream().skip(before)
                            .anyMatch(o -> o.action().equals("switch_primary") && o.outcome().equals("confirmed")));
                    assertThat(primary(cfg)).isEqualTo("fakeanth/ovl-529");
                    ActionOutcome written = outcomes.stream().skip(before).filter(o -> o.outcome().equals("written")).findFirst().orElseThrow();
                    ActionOutcome confirmed = outcomes.stream().skip(before).filter(o -> o.outcome().equals("confirmed")).findFirst().orElseThrow();
                    assertThat(written.triggerToWrite()).isLessThan(Duration.ofSeconds(2));
                    figures.add(String.format("cycle %d: breaker open -> openclaw.json written %.1f ms, -> gateway's 'config hot reload applied' read back %.1f ms",
                            cycle + 1, written.triggerToWrite().toNanos() / 1e6, confirmed.triggerToConfirm().toNanos() / 1e6));
                    assertThat(openedAtNanos.size()).isGreaterThan(opens);
                    figures.add("         gateway log clock: 3rd failed request -> 'config hot reload applied': " + logLatency(gw.log()));

                    // recovery: the breaker goes half-open after its 1 s wait; a successful run on rl-429 closes it
                    BreakerKey k = new BreakerKey("fakeoa:default", "fakeoa/rl-429");
                    await().atMost(Duration.ofSeconds(5)).until(() -> s.breakers().status(k) == BreakerStatus.HALF_OPEN);
                    gw.emit("run_success fakeoa rl-429");
                    await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.stream().skip(before)
                            .anyMatch(o -> o.action().equals("fail_back") && o.outcome().equals("confirmed")));
                    assertThat(Files.readString(cfg)).isEqualTo(original);
                    assertThat(s.switcher().state().switched()).isFalse();
                    Instant backAt = Instant.now();
                    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(backAt.plusMillis(1100))); // min time between switches
                }
            } finally {
                ticker.shutdownNow();
            }
            assertThat(gw.countLogLines("config hot reload applied (agents.defaults.model.primary)")).isEqualTo(6);
        }
        figures.forEach(f -> System.out.println("[figures] " + f));
        List<String> journal = s.journal().readAll().stream().map(e -> e.action() + " " + e.decision() + " " + e.outcome()).toList();
        assertThat(journal).containsSubsequence("switch_primary taken started", "switch_primary result written", "switch_primary result confirmed",
                "fail_back taken started", "fail_back result written", "fail_back result confirmed");
        assertThat(signals).isEmpty();
    }

    @Test
    void theFakeGatewayRejectsTheConfig_andTheBackupIsRestored() throws Exception {
        Path cfg = dir.resolve("openclaw.json");
        // fixture 11 with its unknown key moved out of agents.defaults.model (which gatewarden reads, and would refuse
        // just as `gatewarden check` does) into a section only the gateway's schema checks
        Files.writeString(cfg, Files.readString(INVALID_SCHEMA)
                .replace(",\n        \"bogusKey\": 1", "")
                .replace("\"mode\": \"local\",", "\"mode\": \"local\",\n    \"bogusKey\": 1,")
                .replace("\"primary\": \"fakeanth/ok\"", "\"primary\": \"fakerl/rl-429\""));
        byte[] original = Files.readAllBytes(cfg);
        Stage s = wire(cfg, dir.resolve("state"));
        try (FakeGatewayProcess gw = FakeGatewayProcess.builder(dir.resolve("gw")).config(cfg).start();
             LogFollower follow = new LogFollower(gw.log(), e -> { s.feed().accept(e); s.switcher().onEvent(e); })) {
            gw.awaitStarted();
            gw.emit("rate_limit_storm fakerl rl-429 retries=3 next=fakerl/ok");
            await().atMost(Duration.ofSeconds(15)).until(() -> outcomes.stream().anyMatch(o -> o.outcome().equals("rolled_back")));
            assertThat(Files.readAllBytes(cfg)).isEqualTo(original);
            assertThat(gw.logContains("config reload skipped (invalid config): gateway: Unrecognized key: \\\"bogusKey\\\"")).isTrue();
        }
        assertThat(outcomes).extracting(ActionOutcome::outcome).containsExactly("written", "rolled_back");
        assertThat(signals).singleElement().satisfies(sig -> assertThat(sig.type()).isEqualTo(IncidentType.CONFIG_RELOAD_FAILED));
        assertThat(s.journal().readAll()).extracting(JournalEntry::outcome).contains("written", "restored", "rolled_back");
    }

    /** In the gateway's own log time: the third failed request of the newest storm → the next "hot reload applied". */
    private static String logLatency(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        int lastStormStart = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains("res ✓ agent 120ms")) lastStormStart = i;
        int fails = 0;
        Instant third = null;
        Instant applied = null;
        for (int i = lastStormStart; i < lines.size(); i++) {
            String l = lines.get(i);
            if (third == null && l.contains("embedded_run_agent_end") && ++fails == 3) third = timeOf(l);
            if (third != null && l.contains("config hot reload applied (agents.defaults.model.primary)")) { applied = timeOf(l); break; }
        }
        return third == null || applied == null ? "n/a" : Duration.between(third, applied).toMillis() + " ms";
    }

    private static Instant timeOf(String line) {
        int i = line.indexOf("\"time\":\"") + 8;
        return OffsetDateTime.parse(line.substring(i, line.indexOf('"', i))).toInstant();
    }
}
