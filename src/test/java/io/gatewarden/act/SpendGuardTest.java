package io.gatewarden.act;

import io.gatewarden.breaker.Events;
import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.lint.ChainLinter;
import io.gatewarden.lint.LintSettings;
import io.gatewarden.run.RequestOutcome;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The spend guard on real files: a real openclaw.json, journal, backups and state file in a temp dir; time driven by hand. */
class SpendGuardTest {
    static final String DEFAULTS = "agents.defaults.model.fallbacks";
    static final String OPS = "agents.entries.ops.model.fallbacks";
    /** A paid hosted rung first, local rungs after: the incident's chain. Comments and layout must survive every edit. */
    static final String CONFIG = """
            {
              // the incident's chain: a paid hosted rung in front of the local ones
              models: {
                providers: {
                  paidco: { baseUrl: "https://api.paidco.example/v1", apiKey: "sk-paid-e2e-000", api: "openai-completions",
                            models: [{ id: "big", name: "Paid big" }] },
                  fakeoa: { baseUrl: "http://127.0.0.1:9/fakeoa/v1", apiKey: "sk-local-000", api: "openai-completions",
                            models: [{ id: "main", name: "Local main" }, { id: "small", name: "Local small" }] },
                },
              },
              agents: {
                defaults: { model: { primary: "fakeoa/main", fallbacks: ["paidco/big", "fakeoa/small"] } },
                entries: {
                  ops: { model: { primary: "fakeoa/main", fallbacks: ["paidco/big", "fakeoa/small"] } },
                },
              },
            }
            """;

    @TempDir Path dir;
    final MutableClock clock = MutableClock.at("2026-12-06T10:00:00Z");
    final List<Signal> signals = new CopyOnWriteArrayList<>();
    final List<String> resolved = new CopyOnWriteArrayList<>();
    final List<ActionOutcome> outcomes = new CopyOnWriteArrayList<>();
    Path config;
    Path state;
    ActionJournal journal;
    ActionGuard guard;
    GatewayConfigWriter writer;

    SpendGuard guard(ActSettings act, LintSettings lint) throws Exception {
        return guard(act, lint, CONFIG);
    }

    SpendGuard guard(ActSettings act, LintSettings lint, String configText) throws Exception {
        config = dir.resolve("openclaw.json");
        if (!Files.exists(config)) Files.writeString(config, configText);
        state = dir.resolve("state");
        Files.createDirectories(state);
        journal = new ActionJournal(state.resolve("actions.jsonl"), 1 << 20, clock);
        guard = new ActionGuard(clock, journal, act, state.resolve("guard.json"));
        writer = new GatewayConfigWriter(config, journal, clock, act.backups().keep(), act.backups().dir());
        return newGuard(act, lint);
    }

    /** A second gatewarden on the same files (a restart). */
    SpendGuard newGuard(ActSettings act, LintSettings lint) {
        SpendGuard g = new SpendGuard("gw", writer, guard, act.spendGuard(), new ChainLinter(lint), clock, state.resolve("spend-guard.json"));
        g.setRequestedModelOfRun(id -> "fakeoa/main");
        g.addListener(outcomes::add);
        g.setAlertSink(new IncidentSink() {
            @Override public void signal(Signal s) { signals.add(s); }
            @Override public void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) { resolved.add(type.wireName() + " " + labels.get("credential")); }
        });
        return g;
    }

    static ActSettings live(SpendSettings spend) {
        return new ActSettings(false, "gw", null, null, null, null, null, spend);
    }

    static SpendSettings spend(SpendSettings.Mode mode, Duration cooldown, SpendSettings.Budget budget) {
        return new SpendSettings(null, mode, null, null, Duration.ofSeconds(10), cooldown, budget, Duration.ZERO);
    }

    Incident loop(String session, boolean open) {
        Instant start = Instant.parse("2026-12-06T09:59:00Z");
        return new Incident("inc-" + session, IncidentType.ERROR_LOOP, Severity.CRITICAL, Labels.of("session", session), start,
                clock.instant(), open ? null : clock.instant(), 3, "session " + session + " loops", List.of());
    }

    RequestOutcome request(String run, String ref, String profile) {
        int slash = ref.indexOf('/');
        return new RequestOutcome(clock.instant(), run, ref.substring(0, slash), ref.substring(slash + 1), profile, true, "format",
                400, 0, "main", "s1", "attempt");
    }

    List<String> fallbacks(String path) throws Exception {
        List<String> out = new ArrayList<>();
        Json5Editor.valueAt(Files.readString(config), path).forEach(n -> out.add(n.textValue()));
        return out;
    }

    List<String> journalLines() {
        return journal.readAll().stream().map(e -> e.action() + " " + e.decision() + " " + e.outcome()).collect(Collectors.toList());
    }

    void applied(SpendGuard g, String paths) {
        g.onEvent(Events.reloadApplied(clock.instant(), paths));
    }

    @Test
    void loopFallingThroughToAPaidRung_putsPaidRungsBehind_inEveryChain_thenRestoresTheOriginalBytes() throws Exception {
        SpendGuard g = guard(live(spend(null, Duration.ofMinutes(1), null)), LintSettings.defaults());
        String original = Files.readString(config);

        g.opened(loop("s1", true));
        g.tick();
        assertThat(Files.readString(config)).as("an open loop alone (no paid fall-through) changes nothing").isEqualTo(original);

        g.onRequest(request("r1", "fakeoa/main", "sha256:local"));  // the run's own first rung: local, not a fall-through
        g.onRequest(request("r1", "paidco/big", "sha256:31bf98062baa")); // the paid fallback
        g.tick();

        assertThat(fallbacks(DEFAULTS)).containsExactly("fakeoa/small", "paidco/big");
        assertThat(fallbacks(OPS)).containsExactly("fakeoa/small", "paidco/big");
        assertThat(Files.readString(config)).contains("// the incident's chain: a paid hosted rung in front of the local ones");
        assertThat(g.status().state()).isEqualTo("pending");

        clock.advance(Duration.ofMillis(900));
        applied(g, DEFAULTS + ", " + OPS);
        SpendGuard.Status st = g.status();
        assertThat(st.state()).isEqualTo("active");
        assertThat(st.incidentId()).isEqualTo("inc-s1");
        assertThat(st.why()).contains("error_loop", "session s1", "paidco/big");
        assertThat(st.chains()).extracting(SpendGuard.ChainStatus::original).containsOnly(List.of("paidco/big", "fakeoa/small"));
        assertThat(st.chains()).extracting(SpendGuard.ChainStatus::current).containsOnly(List.of("fakeoa/small", "paidco/big"));
        assertThat(st.paidCalls()).singleElement().satisfies(u -> {
            assertThat(u.credential()).isEqualTo("sha256:31bf98062baa");
            assertThat(u.calls()).isEqualTo(1);
        });

        // the episode goes on: nothing more is written
        clock.advance(Duration.ofMinutes(5));
        g.tick();
        assertThat(g.status().state()).isEqualTo("active");

        g.resolved(loop("s1", false));
        g.tick();
        assertThat(Files.readString(config)).as("the original chain, byte for byte").isEqualTo(original);
        assertThat(g.status().state()).isEqualTo("pending");
        applied(g, DEFAULTS + ", " + OPS);
        assertThat(g.status().state()).isEqualTo("idle");

        assertThat(journalLines()).containsExactly(
                "spend_guard taken started", "spend_guard result written", "spend_guard result confirmed",
                "spend_restore taken started", "spend_restore result written", "spend_restore result confirmed");
        JournalEntry written = journal.readAll().get(1);
        assertThat(written.incidentId()).isEqualTo("inc-s1");
        assertThat(written.backup()).isNotNull();
        assertThat(written.changes()).hasSize(2);
        assertThat(outcomes).extracting(o -> o.action() + " " + o.outcome()).containsExactly(
                "spend_guard written", "spend_guard confirmed", "spend_restore written", "spend_restore confirmed");
    }

    @Test
    void dryRun_journalsWhatItWouldWrite_andLeavesTheFileAlone() throws Exception {
        SpendGuard g = guard(new ActSettings(true, "gw", null, null, null, null, null, spend(null, Duration.ofMinutes(1), null)),
                LintSettings.defaults());
        String original = Files.readString(config);
        g.opened(loop("s1", true));
        g.onRequest(request("r1", "paidco/big", null));
        g.tick();

        assertThat(Files.readString(config)).isEqualTo(original);
        assertThat(journalLines()).containsExactly("spend_guard taken dry_run", "spend_guard result dry_run");
        JournalEntry wouldWrite = journal.readAll().get(1);
        assertThat(wouldWrite.changes()).extracting(c -> c.path()).containsExactly(DEFAULTS, OPS);
        assertThat(wouldWrite.changes().get(0).after().toString()).isEqualTo("[\"fakeoa/small\",\"paidco/big\"]");
        assertThat(g.status().state()).isEqualTo("idle");
        assertThat(Files.list(dir).filter(p -> p.getFileName().toString().contains("gatewarden-bak"))).isEmpty();
    }

    @Test
    void noHotReloadConfirmation_rollsBackToTheSameBytes_andAlerts() throws Exception {
        SpendGuard g = guard(live(spend(null, Duration.ZERO, null)), LintSettings.defaults());
        String original = Files.readString(config);
        g.opened(loop("s1", true));
        g.onRequest(request("r1", "paidco/big", null));
        g.tick();
        assertThat(Files.readString(config)).isNotEqualTo(original);

        clock.advance(Duration.ofSeconds(11)); // confirm_timeout 10s
        g.tick();
        assertThat(Files.readString(config)).isEqualTo(original);
        assertThat(journalLines()).contains("restore_config result restored", "spend_guard result rolled_back");
        assertThat(signals).anySatisfy(s -> {
            assertThat(s.type()).isEqualTo(IncidentType.CONFIG_RELOAD_FAILED);
            assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(s.summary()).contains("spend guard", "previous config restored");
        });
        assertThat(g.status().state()).isEqualTo("idle");
    }

    @Test
    void reloadSkipped_rollsBack_andARefusedWriteLeavesTheFileByteIdentical() throws Exception {
        // backups.dir is a regular file: the backup cannot be written, so the writer refuses before touching openclaw.json
        Path notADir = dir.resolve("backups-is-a-file");
        Files.writeString(notADir, "x");
        ActSettings act = new ActSettings(false, "gw", null, null, null, new ActSettings.BackupSettings(3, notADir), null,
                spend(null, Duration.ZERO, null));
        SpendGuard g = guard(act, LintSettings.defaults());
        String original = Files.readString(config);
        g.opened(loop("s1", true));
        g.onRequest(request("r1", "paidco/big", null));
        g.tick();
        assertThat(Files.readString(config)).isEqualTo(original);
        assertThat(journalLines()).contains("spend_guard result failed");
        assertThat(signals).anySatisfy(s -> assertThat(s.summary()).contains("spend guard was not written"));
        assertThat(guard.inFlight("gw")).as("the slot is free again").isEmpty();

        // the gateway refuses a reload: the backup goes back
        SpendGuard g2 = guardWithWorkingBackups();
        g2.opened(loop("s1", true));
        g2.onRequest(request("r2", "paidco/big", null));
        g2.tick();
        assertThat(Files.readString(config)).isNotEqualTo(original);
        g2.onEvent(Events.reloadSkipped(clock.instant(), "agents.defaults.model.fallbacks: invalid"));
        assertThat(Files.readString(config)).isEqualTo(original);
        assertThat(journalLines()).contains("spend_guard result rolled_back");
    }

    private SpendGuard guardWithWorkingBackups() {
        ActSettings act = live(spend(null, Duration.ZERO, null));
        writer = new GatewayConfigWriter(config, journal, clock, 3, null);
        return newGuard(act, LintSettings.defaults());
    }

    @Test
    void neverWritesWhileAPrimarySwitchWaitsForItsConfirmation() throws Exception {
        Path fixture = dir.resolve("src.json");
        Files.writeString(fixture, CONFIG);
        SwitcherHarness h = new SwitcherHarness(clock, dir, fixture, live(spend(null, Duration.ZERO, null)));
        config = h.config;
        journal = h.journal;
        guard = h.guard;
        writer = h.writer;
        state = h.state;
        SpendGuard g = newGuard(h.settings, LintSettings.defaults());

        h.storm("fakeoa/main", "rate_limit"); // the switcher writes a new primary and waits for the reload line
        assertThat(h.outcomes()).containsExactly("switch_primary written paidco/big");
        String afterSwitch = Files.readString(config);

        g.opened(loop("s1", true));
        g.onRequest(request("r1", "paidco/big", null));
        g.tick();
        assertThat(Files.readString(config)).as("one action in flight per gateway").isEqualTo(afterSwitch);
        assertThat(journal.readAll()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("spend_guard");
            assertThat(e.outcome()).isEqualTo("in_flight");
        });

        h.applied("agents.defaults.model.primary");
        g.tick();
        assertThat(fallbacks(DEFAULTS)).containsExactly("fakeoa/small", "paidco/big");
        // and the switcher now waits for the spend guard: its next decision would be declined in_flight too
        assertThat(guard.inFlight("gw")).get().extracting(p -> p.request().action()).isEqualTo("spend_guard");
    }

    @Test
    void cooldown_holdsTheNextWrite_untilItHasPassed() throws Exception {
        SpendGuard g = guard(live(spend(null, Duration.ofMinutes(2), null)), LintSettings.defaults());
        g.opened(loop("s1", true));
        g.onRequest(request("r1", "paidco/big", null));
        g.tick();
        applied(g, DEFAULTS);
        clock.advance(Duration.ofSeconds(30));
        g.resolved(loop("s1", false));
        g.tick();
        assertThat(g.status().state()).as("restore waits for the cooldown").isEqualTo("active");
        assertThat(journal.readAll()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("spend_restore");
            assertThat(e.outcome()).isEqualTo("cooldown");
        });
        clock.advance(Duration.ofSeconds(91));
        g.tick();
        assertThat(fallbacks(DEFAULTS)).containsExactly("paidco/big", "fakeoa/small");
    }

    @Test
    void restartMidEpisode_keepsTheGuard_andRestoresTheOriginalAfterTheEpisode() throws Exception {
        ActSettings act = live(spend(null, Duration.ZERO, null));
        SpendGuard g = guard(act, LintSettings.defaults());
        String original = Files.readString(config);
        g.opened(loop("s1", true));
        g.onRequest(request("r1", "paidco/big", null));
        g.tick();
        applied(g, DEFAULTS);
        String guarded = Files.readString(config);

        // gatewarden restarts: a new guard on the same files; the daemon hands it the restored open incidents
        SpendGuard after = newGuard(act, LintSettings.defaults());
        assertThat(after.status().state()).isEqualTo("active");
        after.opened(loop("s1", true));
        after.tick();
        assertThat(Files.readString(config)).isEqualTo(guarded);
        assertThat(after.status().chains()).extracting(SpendGuard.ChainStatus::original).containsOnly(List.of("paidco/big", "fakeoa/small"));

        after.resolved(loop("s1", false));
        after.tick();
        applied(after, DEFAULTS);
        assertThat(Files.readString(config)).isEqualTo(original);
        assertThat(after.status().state()).isEqualTo("idle");

        // a broken state file starts idle instead of failing
        Files.writeString(state.resolve("spend-guard.json"), "{not json");
        assertThat(newGuard(act, LintSettings.defaults()).status().state()).isEqualTo("idle");
    }

    @Test
    void someoneElseChangedTheChain_restoreIsAbandoned_notForced() throws Exception {
        SpendGuard g = guard(live(spend(null, Duration.ZERO, null)), LintSettings.defaults());
        g.opened(loop("s1", true));
        g.onRequest(request("r1", "paidco/big", null));
        g.tick();
        applied(g, DEFAULTS);
        String edited = Files.readString(config).replaceFirst("\\[\"fakeoa/small\", \"paidco/big\"\\]", "[\"fakeoa/small\"]");
        Files.writeString(config, edited);
        g.resolved(loop("s1", false));
        g.tick();
        assertThat(Files.readString(config)).startsWith(edited.substring(0, 40));
        assertThat(fallbacks(DEFAULTS)).containsExactly("fakeoa/small");
        assertThat(journalLines()).contains("spend_restore result abandoned");
    }

    @Test
    void removeMode_takesPaidRungsOut_butNeverLeavesAChainWithoutARung_andNeverWritesANoOp() throws Exception {
        String cfg = """
                {
                  models: { providers: {
                    paidco: { baseUrl: "https://api.paidco.example/v1", apiKey: "sk-paid-000", api: "openai-completions", models: [{ id: "big" }, { id: "huge" }] },
                    fakeoa: { baseUrl: "http://127.0.0.1:9/v1", apiKey: "k", api: "openai-completions", models: [{ id: "small" }] },
                  } },
                  agents: {
                    defaults: { model: { primary: "fakeoa/small", fallbacks: ["paidco/big", "fakeoa/small"] } },
                    entries: {
                      late: { model: { primary: "fakeoa/small", fallbacks: ["fakeoa/small", "paidco/big"] } },
                      onlypaid: { model: { fallbacks: ["paidco/huge"] } },
                    },
                  },
                }
                """;
        SpendGuard g = guard(live(spend(SpendSettings.Mode.REMOVE, Duration.ZERO, null)), LintSettings.defaults(), cfg);
        g.opened(loop("s1", true));
        g.onRequest(request("r1", "paidco/big", null));
        g.tick();
        assertThat(fallbacks(DEFAULTS)).containsExactly("fakeoa/small");
        assertThat(fallbacks("agents.entries.late.model.fallbacks")).containsExactly("fakeoa/small");
        // "onlypaid" inherits the default primary, so it keeps a rung with fallbacks []
        assertThat(fallbacks("agents.entries.onlypaid.model.fallbacks")).isEmpty();

        // behind mode: "late" already has its paid rung last, so only the defaults chain is written
        Files.writeString(config, cfg.replace("defaults: { model: { primary: \"fakeoa/small\", ", "defaults: { model: { "));
        SpendPlan plan = SpendPlan.of(new io.gatewarden.gateway.OpenClawConfigReader().read(config, null), new ChainLinter(),
                SpendSettings.Mode.REMOVE);
        assertThat(plan.edits()).extracting(SpendPlan.ChainEdit::agent).as("no primary anywhere: onlypaid would be left with no rung")
                .containsExactly("defaults", "late");
        SpendPlan behind = SpendPlan.of(new io.gatewarden.gateway.OpenClawConfigReader().read(config, null), new ChainLinter(),
                SpendSettings.Mode.BEHIND);
        assertThat(behind.edits()).extracting(SpendPlan.ChainEdit::agent).containsExactly("defaults");
    }

    @Test
    void aLoopbackProviderDeclaredPaid_countsAsPaid() throws Exception {
        String cfg = """
                {
                  models: { providers: {
                    fakepaid: { baseUrl: "http://127.0.0.1:9/fakepaid/v1", apiKey: "k", api: "openai-completions", models: [{ id: "p" }] },
                    fakeoa: { baseUrl: "http://127.0.0.1:9/v1", apiKey: "k", api: "openai-completions", models: [{ id: "main" }, { id: "small" }] },
                  } },
                  agents: { defaults: { model: { primary: "fakeoa/main", fallbacks: ["fakepaid/p", "fakeoa/small"] } } },
                }
                """;
        LintSettings lint = new LintSettings(null, null, null, null, null, null, null, null, null, null, null, null,
                List.of("fakepaid"), null);
        SpendGuard g = guard(live(spend(null, Duration.ZERO, null)), lint, cfg);
        g.opened(loop("s1", true));
        g.onRequest(request("r1", "fakepaid/p", null));
        g.tick();
        assertThat(fallbacks(DEFAULTS)).containsExactly("fakeoa/small", "fakepaid/p");

        // without the declaration a loopback rung is local: nothing is paid, nothing moves
        assertThat(SpendPlan.of(new io.gatewarden.gateway.OpenClawConfigReader().read(config, null), new ChainLinter(),
                SpendSettings.Mode.BEHIND).isPaid("fakepaid/p")).isFalse();
    }

    @Test
    void dailyBudget_warnsAtTheShare_actsWhenSpent_andStartsAfreshAtMidnightInItsZone() throws Exception {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SpendSettings.Budget budget = new SpendSettings.Budget(5L, Map.of("sha256:big", 100L), 0.6, true, berlin);
        ActSettings act = live(spend(null, Duration.ZERO, budget));
        SpendGuard g = guard(act, LintSettings.defaults());
        String original = Files.readString(config);
        clock.set(Instant.parse("2026-12-06T21:00:00Z")); // 22:00 in Berlin

        for (int i = 1; i <= 2; i++) g.onRequest(request("r" + i, "fakeoa/main", "sha256:local")); // local: never counted
        for (int i = 1; i <= 2; i++) g.onRequest(request("p" + i, "paidco/big", "sha256:31bf"));
        assertThat(signals).isEmpty();
        g.onRequest(request("p3", "paidco/big", "sha256:31bf")); // 3 of 5 = 60 %
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(IncidentType.PAID_BUDGET);
            assertThat(s.severity()).isEqualTo(Severity.WARNING);
            assertThat(s.labels()).containsEntry("credential", "sha256:31bf");
            assertThat(s.summary()).contains("60 %", "3 of 5");
        });
        g.onRequest(request("p9", "paidco/big", "sha256:big")); // its own budget of 100
        g.onRequest(request("p4", "paidco/big", "sha256:31bf"));
        g.onRequest(request("p5", "paidco/big", "sha256:31bf"));
        assertThat(signals).hasSize(2);
        assertThat(signals.get(1).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(signals.get(1).summary()).contains("spent its daily paid-call budget");

        g.tick(); // no loop is open: the spent budget acts on its own
        assertThat(fallbacks(DEFAULTS)).containsExactly("fakeoa/small", "paidco/big");
        applied(g, DEFAULTS);
        assertThat(g.status().trigger()).isEqualTo("budget");
        assertThat(g.status().paidCalls()).extracting(PaidCallBudget.Usage::credential, PaidCallBudget.Usage::calls,
                PaidCallBudget.Usage::spent).contains(org.assertj.core.groups.Tuple.tuple("sha256:31bf", 5L, true),
                org.assertj.core.groups.Tuple.tuple("sha256:big", 1L, false));

        // the counts survive a restart the same day
        assertThat(newGuard(act, LintSettings.defaults()).status().paidCalls()).hasSize(2);

        clock.set(Instant.parse("2026-12-06T22:59:59Z")); // 23:59:59 Berlin: still today
        g.tick();
        assertThat(g.status().state()).isEqualTo("active");
        clock.set(Instant.parse("2026-12-06T23:00:01Z")); // midnight in Berlin, 23:00 UTC
        g.tick();
        assertThat(resolved).contains("paid_budget sha256:31bf");
        applied(g, DEFAULTS);
        assertThat(Files.readString(config)).isEqualTo(original);
        assertThat(g.status().state()).isEqualTo("idle");
        assertThat(g.status().day()).isEqualTo("2026-12-07");
        assertThat(g.status().paidCalls()).isEmpty();
    }

    @Test
    void aPaidCallAfterMidnight_beforeAnyTick_startsTheNewDay_andResolvesYesterdaysAlerts() throws Exception {
        SpendSettings.Budget budget = new SpendSettings.Budget(2L, null, 0.5, false, ZoneId.of("UTC"));
        SpendGuard g = guard(live(spend(null, Duration.ZERO, budget)), LintSettings.defaults());
        g.onRequest(request("p1", "paidco/big", "sha256:31bf"));
        g.onRequest(request("p2", "paidco/big", "sha256:31bf"));
        assertThat(signals).extracting(Signal::severity).containsExactly(Severity.WARNING, Severity.CRITICAL);
        assertThat(g.status().state()).as("act_when_spent is off: only alerts").isEqualTo("idle");
        g.tick();
        assertThat(g.status().state()).isEqualTo("idle");
        // spent all day: the alert is re-signalled once a minute (same occurrence key) so the quiet period cannot end it
        assertThat(signals).hasSize(3);
        assertThat(signals.get(2).occurrenceKey()).isEqualTo(signals.get(1).occurrenceKey()).isEqualTo("sha256:31bf|2026-12-06|spent");
        clock.advance(Duration.ofSeconds(30));
        g.tick();
        assertThat(signals).hasSize(3);
        clock.advance(Duration.ofSeconds(31));
        g.tick();
        assertThat(signals).hasSize(4);

        clock.set(Instant.parse("2026-12-07T00:00:05Z"));
        g.onRequest(request("p3", "paidco/big", "sha256:31bf"));
        assertThat(resolved).containsExactly("paid_budget sha256:31bf");
        assertThat(g.paidCalls()).singleElement().satisfies(u -> {
            assertThat(u.calls()).isEqualTo(1);
            assertThat(u.spent()).isFalse();
        });
        g.tick();
        assertThat(Files.readString(state.resolve("spend-guard.json"))).contains("2026-12-07");
    }

    @Test
    void restoreAfter_aLoopSlowerThanTheQuietPeriod_reopensItsEpisode_andThePaidRungsStayBehind() throws Exception {
        SpendSettings s = new SpendSettings(null, null, null, null, Duration.ofSeconds(10), Duration.ZERO, null, Duration.ofSeconds(30));
        SpendGuard g = guard(live(s), LintSettings.defaults());
        String original = Files.readString(config);
        g.opened(loop("s1", true));
        g.onRequest(request("r1", "paidco/big", null));
        g.tick();
        applied(g, DEFAULTS + ", " + OPS);

        g.resolved(loop("s1", false)); // quiet period over, but the next looping run is still on its way
        clock.advance(Duration.ofSeconds(20));
        g.tick();
        assertThat(g.status().state()).isEqualTo("active");
        g.opened(loop("s1b", true));   // ... and it fails again: a new episode
        clock.advance(Duration.ofSeconds(20));
        g.tick();
        g.resolved(loop("s1b", false));
        clock.advance(Duration.ofSeconds(29));
        g.tick();
        assertThat(g.status().state()).as("resolved for 29 s of 30").isEqualTo("active");
        clock.advance(Duration.ofSeconds(1));
        g.tick();
        assertThat(Files.readString(config)).isEqualTo(original);
    }
}
