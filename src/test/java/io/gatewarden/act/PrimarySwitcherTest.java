package io.gatewarden.act;

import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.breaker.Events;
import io.gatewarden.breaker.MiniOpenClawParser;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrimarySwitcherTest {
    static final Path CONFIGS = Path.of("src/test/resources/fixtures/openclaw/configs");
    static final Path INITIAL = CONFIGS.resolve("01-initial-openclaw.json");
    static final String PRIMARY_PATH = "agents.defaults.model.primary";
    /** The embedded defaults are dry-run; these tests exercise real writes. */
    static final ActSettings LIVE = ActSettings.defaults().withDryRun(false);

    @TempDir Path dir;
    final MutableClock clock = MutableClock.at("2026-11-23T12:00:00Z");

    SwitcherHarness harness(ActSettings s) throws Exception {
        return new SwitcherHarness(clock, dir, INITIAL, s);
    }

    @Test
    void stormOnThePrimary_switchesWithinTwoSeconds_confirms_thenFailsBackAfterRecoveryAndDwell() throws Exception {
        SwitcherHarness h = harness(LIVE);
        String original = Files.readString(h.config);

        long t0 = System.nanoTime();
        h.storm("fakeoa/rl-429", "rate_limit");
        long writtenAfter = System.nanoTime() - t0;

        assertThat(h.primary()).isEqualTo("fakeanth/ovl-529"); // rung 1: closed breaker, key configured
        assertThat(Files.readString(h.config)).isEqualTo(original.replace("\"primary\": \"fakeoa/rl-429\"", "\"primary\": \"fakeanth/ovl-529\""));
        ActionOutcome written = h.outcomes.get(0);
        assertThat(written.outcome()).isEqualTo("written");
        assertThat(written.triggerToWrite()).isLessThan(Duration.ofSeconds(2));
        assertThat(Duration.ofNanos(writtenAfter)).isLessThan(Duration.ofSeconds(2));
        System.out.printf("[figures] breaker open -> openclaw.json written: %.1f ms (third failed request fed -> written: %.1f ms)%n",
                written.triggerToWrite().toNanos() / 1e6, writtenAfter / 1e6);

        clock.advance(Duration.ofMillis(900));
        h.applied("agents.defaults.model.primary");
        assertThat(h.outcomes()).containsExactly("switch_primary written fakeanth/ovl-529", "switch_primary confirmed fakeanth/ovl-529");
        assertThat(h.switcher.state().originalPrimary()).isEqualTo("fakeoa/rl-429");
        assertThat(h.switcher.state().switchedTo()).isEqualTo("fakeanth/ovl-529");

        // the rate limit passes: open wait (30 s) → half-open → a probe succeeds → closed; then the 5 min dwell
        clock.advance(Duration.ofSeconds(31));
        h.breakers.tick();
        h.switcher.tick();
        assertThat(h.primary()).isEqualTo("fakeanth/ovl-529");
        h.closeViaProbe("fakeoa/rl-429");
        assertThat(h.breakers.status(new BreakerKey("fakeoa:default", "fakeoa/rl-429"))).isEqualTo(BreakerStatus.CLOSED);
        clock.advance(Duration.ofMinutes(4));
        h.switcher.tick();
        assertThat(h.primary()).as("dwell not over").isEqualTo("fakeanth/ovl-529");
        clock.advance(Duration.ofSeconds(61));
        h.switcher.tick();
        assertThat(h.primary()).isEqualTo("fakeoa/rl-429");
        assertThat(Files.readString(h.config)).isEqualTo(original);
        clock.advance(Duration.ofSeconds(1));
        h.applied("agents.defaults.model.primary");
        assertThat(h.switcher.state().switched()).isFalse();

        assertThat(h.journalLines()).containsExactly(
                "switch_primary taken started",
                "switch_primary result written",
                "switch_primary result confirmed",
                "fail_back declined original_not_healthy",
                "fail_back declined dwell",
                "fail_back taken started",
                "fail_back result written",
                "fail_back result confirmed");
        JournalEntry taken = h.journal.readAll().get(0);
        assertThat(taken.reason()).contains("primary fakeoa/rl-429 has an open breaker (fakeoa:default: 3 consecutive rate_limit failures",
                "switching to fakeanth/ovl-529 (rung 1 of the chain, another credential, breaker closed)");
        JournalEntry confirmed = h.journal.readAll().get(2);
        assertThat(confirmed.before().textValue()).isEqualTo("fakeoa/rl-429");
        assertThat(confirmed.after().textValue()).isEqualTo("fakeanth/ovl-529");
        assertThat(confirmed.latencyMs()).isNotNull();
    }

    @Test
    void reloadSkipped_restoresTheBackup_alerts_andQuarantinesTheTarget() throws Exception {
        SwitcherHarness h = harness(LIVE);
        byte[] original = Files.readAllBytes(h.config);
        h.storm("fakeoa/rl-429", "rate_limit");
        assertThat(h.primary()).isEqualTo("fakeanth/ovl-529");
        clock.advance(Duration.ofMillis(500));
        h.switcher.onEvent(Events.reloadSkipped(clock.instant(), "agents.defaults.model: Unrecognized key: \"bogusKey\""));

        assertThat(Files.readAllBytes(h.config)).isEqualTo(original);
        assertThat(h.outcomes()).containsExactly("switch_primary written fakeanth/ovl-529", "switch_primary rolled_back fakeanth/ovl-529");
        assertThat(h.journalLines()).containsExactly("switch_primary taken started", "switch_primary result written",
                "restore_config result restored", "switch_primary result rolled_back");
        assertThat(h.signals).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(IncidentType.CONFIG_RELOAD_FAILED);
            assertThat(s.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(s.summary()).contains("fakeoa/rl-429 -> fakeanth/ovl-529", "previous config restored");
        });
        assertThat(h.switcher.state().switched()).isFalse();

        // after the minimum time between switches, the refused target is skipped: next healthy rung is fakeoa/ok
        clock.advance(Duration.ofMinutes(2));
        h.switcher.tick();
        assertThat(h.primary()).isEqualTo("fakeoa/ok");
        assertThat(h.journal.readAll().get(h.journal.readAll().size() - 2).reason())
                .contains("fakeanth/ovl-529: refused by the gateway recently", "anthropic/claude-sonnet-4-5: no credentials");
    }

    @Test
    void noConfirmationWithinTheTimeout_restoresTheBackup() throws Exception {
        SwitcherHarness h = harness(LIVE);
        byte[] original = Files.readAllBytes(h.config);
        h.storm("fakeoa/rl-429", "rate_limit");
        clock.advance(Duration.ofSeconds(9));
        h.switcher.tick();
        assertThat(h.primary()).isEqualTo("fakeanth/ovl-529");
        // a reload line about other paths does not confirm
        h.applied("models.providers.fakeoa.apiKey");
        clock.advance(Duration.ofSeconds(1));
        h.switcher.tick();
        assertThat(Files.readAllBytes(h.config)).isEqualTo(original);
        assertThat(h.outcomes()).last().isEqualTo("switch_primary rolled_back fakeanth/ovl-529");
        assertThat(h.journal.readAll()).filteredOn(e -> "rolled_back".equals(e.outcome())).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("no 'config hot reload applied' for agents.defaults.model.primary within 10s"));
        assertThat(h.journalLines()).last().as("the retry right away is held by the cooldown").isEqualTo("switch_primary declined cooldown");
    }

    @Test
    void anInvalidConfigWrittenBySomeoneElse_isNeverOverwritten() throws Exception {
        SwitcherHarness h = harness(LIVE);
        Files.copy(CONFIGS.resolve("11-invalid-json5-truncated-openclaw.json"), h.config, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] broken = Files.readAllBytes(h.config);
        h.storm("fakeoa/rl-429", "rate_limit");
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            h.switcher.tick();
        }
        assertThat(Files.readAllBytes(h.config)).isEqualTo(broken);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("openclaw.json", "state");
        }
        assertThat(h.journalLines()).containsExactly("switch_primary declined config_invalid"); // journalled once, not every tick
        assertThat(h.journal.readAll().get(0).reason()).contains("not valid JSON5", "left untouched");
        assertThat(h.signals).isNotEmpty().allSatisfy(s -> assertThat(s.type()).isEqualTo(IncidentType.CONFIG_RELOAD_FAILED));
    }

    @Test
    void minimumTimeBetweenSwitchesHolds_thenTheCascadeContinues() throws Exception {
        SwitcherHarness h = harness(LIVE);
        h.storm("fakeoa/rl-429", "rate_limit");
        h.applied("agents.defaults.model.primary");
        assertThat(h.primary()).isEqualTo("fakeanth/ovl-529");

        clock.advance(Duration.ofSeconds(30));
        h.storm("fakeanth/ovl-529", "overloaded"); // the new primary fails too
        assertThat(h.primary()).as("within 2 min of the last switch").isEqualTo("fakeanth/ovl-529");
        assertThat(h.journalLines()).last().isEqualTo("switch_primary declined cooldown");
        for (int i = 0; i < 80; i++) { // ticks during the cooldown journal nothing new
            clock.advance(Duration.ofSeconds(1));
            h.switcher.tick();
        }
        assertThat(h.journalLines()).filteredOn(l -> l.startsWith("switch_primary declined")).hasSize(1);
        clock.advance(Duration.ofSeconds(10));
        h.switcher.tick();
        assertThat(h.primary()).isEqualTo("fakeoa/ok");
        h.applied("agents.defaults.model.primary");
        assertThat(h.switcher.state().originalPrimary()).as("fail-back still goes to the first primary").isEqualTo("fakeoa/rl-429");
        assertThat(h.switcher.state().switchedTo()).isEqualTo("fakeoa/ok");
    }

    @Test
    void dryRunDecidesAndJournals_butWritesNothing() throws Exception {
        SwitcherHarness h = harness(new ActSettings(true, null, null, null, null, null, null));
        byte[] original = Files.readAllBytes(h.config);
        h.storm("fakeoa/rl-429", "rate_limit");
        assertThat(Files.readAllBytes(h.config)).isEqualTo(original);
        assertThat(h.journalLines()).containsExactly("switch_primary taken dry_run", "switch_primary result dry_run");
        JournalEntry e = h.journal.readAll().get(1);
        assertThat(e.isDryRun()).isTrue();
        assertThat(e.before().textValue()).isEqualTo("fakeoa/rl-429");
        assertThat(e.after().textValue()).isEqualTo("fakeanth/ovl-529");
        assertThat(h.outcomes()).containsExactly("switch_primary dry_run fakeanth/ovl-529");
        assertThat(h.switcher.state().switched()).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains("gatewarden-bak"))).isEmpty();
        }
    }

    @Test
    void pinnedModelIsNeverSwitchedAutomatically_untilUnpinned() throws Exception {
        SwitcherHarness h = harness(LIVE);
        ActionOutcome pinned = h.switcher.pin("fakeoa/ok", "testing a release");
        assertThat(pinned.outcome()).isEqualTo("written");
        h.applied("agents.defaults.model.primary");
        assertThat(h.primary()).isEqualTo("fakeoa/ok");

        clock.advance(Duration.ofMinutes(3));
        h.storm("fakeoa/ok", "rate_limit");
        h.switcher.tick();
        assertThat(h.primary()).isEqualTo("fakeoa/ok");
        assertThat(h.journalLines()).last().isEqualTo("switch_primary declined pinned");

        h.switcher.unpin("release verified");
        h.switcher.tick();
        assertThat(h.primary()).isEqualTo("fakeanth/ovl-529");
        assertThat(h.journalLines()).containsSubsequence("pin_primary taken started", "pin_primary result written",
                "pin_primary result confirmed", "switch_primary declined pinned", "unpin_primary taken unpinned", "switch_primary taken started");
    }

    @Test
    void reorderOption_movesOpenRungsToTheEndInTheSameWrite_andFailBackRestoresThem() throws Exception {
        ActSettings s = new ActSettings(false, null, new ActSettings.SwitchSettings(null, null, null, null, null, true, null, null, null), null, null, null, null);
        SwitcherHarness h = harness(s);
        String original = Files.readString(h.config);
        h.storm("fakeanth/ovl-529", "overloaded"); // a fallback fails: no switch (not the primary)
        assertThat(h.primary()).isEqualTo("fakeoa/rl-429");
        h.storm("fakeoa/rl-429", "rate_limit");
        assertThat(h.primary()).isEqualTo("fakeoa/ok");
        assertThat(h.fallbacks()).containsExactly("anthropic/claude-sonnet-4-5", "fakeoa/ok", "fakeanth/ovl-529");
        assertThat(h.journal.readAll().get(1).changes()).hasSize(2);
        h.applied("agents.defaults.model.primary, agents.defaults.model.fallbacks");

        clock.advance(Duration.ofMinutes(1));
        h.closeViaProbe("fakeoa/rl-429");
        clock.advance(Duration.ofMinutes(6));
        h.switcher.tick();
        assertThat(Files.readString(h.config)).isEqualTo(original);
    }

    /**
     * Fail-back needs evidence about that model: a models-list probe that answers 200 while the model still answers
     * 429 does not close its breaker, so no fail-back follows; a model probe does. A fail-back followed by a new failure
     * within the dwell doubles the next dwell, and the switch's journal line says so.
     */
    @Test
    void failBack_onlyOnModelEvidence_andAFailBackThatDidNotHold_doublesTheNextDwell() throws Exception {
        SwitcherHarness h = harness(LIVE);
        BreakerKey key = new BreakerKey("fakeoa:default", "fakeoa/rl-429");
        h.storm("fakeoa/rl-429", "rate_limit");
        clock.advance(Duration.ofMillis(900));
        h.applied(PRIMARY_PATH);
        clock.advance(Duration.ofSeconds(31));
        h.breakers.tick();
        h.breakers.recordListProbe("fakeoa", null, io.gatewarden.breaker.RecoveryEvidence.listProbe(
                io.gatewarden.breaker.RecoveryEvidence.Outcome.OK, "3 models"));
        assertThat(h.breakers.status(key)).isEqualTo(BreakerStatus.HALF_OPEN);
        clock.advance(Duration.ofMinutes(10));
        h.switcher.tick();
        assertThat(h.primary()).as("no fail-back on a models list").isEqualTo("fakeanth/ovl-529");

        h.closeViaProbe("fakeoa/rl-429"); // a model probe answered 200
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        h.switcher.tick();
        assertThat(h.primary()).isEqualTo("fakeoa/rl-429");
        assertThat(h.journal.readAll()).filteredOn(e -> "fail_back".equals(e.action()) && "taken".equals(e.decision()))
                .singleElement().satisfies(e -> assertThat(e.reason()).contains("recovery evidence", "model probe ok"));
        clock.advance(Duration.ofSeconds(1));
        h.applied(PRIMARY_PATH);

        // it fails again 3 minutes later, within the 5 minute dwell: switch away at once, the next dwell doubles
        clock.advance(Duration.ofMinutes(3));
        h.storm("fakeoa/rl-429", "rate_limit");
        assertThat(h.primary()).isEqualTo("fakeanth/ovl-529");
        assertThat(h.journal.readAll()).filteredOn(e -> "switch_primary".equals(e.action()) && "taken".equals(e.decision()))
                .last().satisfies(e -> assertThat(e.reason()).contains("did not hold", "the next fail-back dwell doubles to 10m"));
        clock.advance(Duration.ofSeconds(1));
        h.applied(PRIMARY_PATH);
        clock.advance(Duration.ofMinutes(2));
        h.breakers.tick();
        h.closeViaProbe("fakeoa/rl-429");
        clock.advance(Duration.ofMinutes(6));
        h.switcher.tick();
        assertThat(h.primary()).as("dwell is 10m now").isEqualTo("fakeanth/ovl-529");
        clock.advance(Duration.ofMinutes(4).plusSeconds(1));
        h.switcher.tick();
        assertThat(h.primary()).isEqualTo("fakeoa/rl-429");
    }

    @Test
    void seedIncident_sonnetBecomesPrimary_notTheRungWithoutAKey() throws Exception {
        Path cfg = Path.of("src/test/resources/act/seed-openclaw.json");
        SwitcherHarness h = new SwitcherHarness(MutableClock.at("2026-11-23T13:59:00Z"), dir, cfg, LIVE);
        MutableClock c = (MutableClock) h.clock;
        for (GatewayEvent e : MiniOpenClawParser.parseFile(Path.of("src/test/resources/act/seed-opus-429-two-profiles.jsonl"))) {
            if (e.time() != null && e.time().isAfter(c.instant())) c.set(e.time());
            h.feed.accept(e);
            h.switcher.onEvent(e);
        }
        assertThat(h.primary()).isEqualTo("anthropic/claude-sonnet-4-6");
        assertThat(h.breakers.status(new BreakerKey("anthropic:default", "anthropic/claude-sonnet-4-6"))).isEqualTo(BreakerStatus.CLOSED);
        assertThat(h.journal.readAll().get(0).reason()).contains("switching to anthropic/claude-sonnet-4-6 (rung 1 of the chain, same credential, another rate-limit domain (anthropic is per_model");
        // JSON5 file kept its comments and unquoted keys
        assertThat(Files.readString(h.config)).contains("primary: \"anthropic/claude-sonnet-4-6\", // the model that 429s",
                "\"openai/gpt-4.1\",        // no key: must never become primary");
    }

    @Test
    void aBillingFailurePrefersARungOnAnotherCredential() throws Exception {
        Path cfg = dir.resolve("src.json");
        Files.writeString(cfg, """
                {
                  auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" },
                                      "openai:default": { provider: "openai", mode: "api_key" } } },
                  agents: { defaults: { model: { primary: "anthropic/claude-opus-4-5",
                    fallbacks: ["anthropic/claude-sonnet-4-6", "openai/gpt-5-mini"] } } },
                }
                """);
        SwitcherHarness h = new SwitcherHarness(clock, dir, cfg, LIVE);
        h.storm("anthropic/claude-opus-4-5", "billing"); // quota is per key: Sonnet on the same key fails too
        assertThat(h.primary()).isEqualTo("openai/gpt-5-mini");
        assertThat(h.journal.readAll().get(0).reason()).contains("rung 2 of the chain");
    }

    @Test
    void noHealthyRung_raisesAnAlert_andJournalsTheDecline() throws Exception {
        Path cfg = dir.resolve("src.json");
        Files.writeString(cfg, "{agents: {defaults: {model: {primary: 'fakeoa/rl-429', fallbacks: ['nokeyremote/m1']}}}, models: {providers: {fakeoa: {apiKey: 'sk-fake'}, nokeyremote: {baseUrl: 'https://api.nokey.invalid/v1'}}}}");
        SwitcherHarness h = new SwitcherHarness(clock, dir, cfg, LIVE);
        h.storm("fakeoa/rl-429", "rate_limit");
        assertThat(h.journalLines()).containsExactly("switch_primary declined no_healthy_rung");
        assertThat(h.journal.readAll().get(0).reason()).contains("nokeyremote/m1: no credentials");
        assertThat(h.signals).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(IncidentType.CHAIN_EXHAUSTED);
            assertThat(s.labels()).containsEntry("model", "rl-429").containsEntry("provider", "fakeoa");
        });
        clock.advance(Duration.ofSeconds(31));
        h.closeViaProbe("fakeoa/rl-429");
        h.switcher.tick();
        assertThat(h.resolved).singleElement().asString().startsWith("chain_exhausted");
    }

    @Test
    void aHumanChangingThePrimaryAbandonsFailBack() throws Exception {
        SwitcherHarness h = harness(LIVE);
        h.storm("fakeoa/rl-429", "rate_limit");
        h.applied("agents.defaults.model.primary");
        Files.writeString(h.config, Files.readString(h.config).replace("\"primary\": \"fakeanth/ovl-529\"", "\"primary\": \"fakeoa/ok\""));
        clock.advance(Duration.ofMinutes(10));
        h.closeViaProbe("fakeoa/rl-429");
        h.switcher.tick();
        assertThat(h.primary()).isEqualTo("fakeoa/ok");
        assertThat(h.journalLines()).last().isEqualTo("fail_back declined abandoned");
        assertThat(h.switcher.state().switched()).isFalse();
    }

    @Test
    void theSwitchEpisodeSurvivesARestartOfGatewarden() throws Exception {
        SwitcherHarness h = harness(LIVE);
        h.storm("fakeoa/rl-429", "rate_limit");
        h.applied("agents.defaults.model.primary");
        clock.advance(Duration.ofMinutes(1));

        SwitcherHarness restarted = new SwitcherHarness(clock, dir, h.config, LIVE, true);
        assertThat(restarted.switcher.state().originalPrimary()).isEqualTo("fakeoa/rl-429");
        assertThat(restarted.breakers.isModelOpen("fakeoa/rl-429")).as("breaker state persisted").isTrue();
        restarted.breakers.tick(); // its 30 s wait ended while gatewarden was down
        assertThat(restarted.breakers.forModel("fakeoa/rl-429")).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo(BreakerStatus.HALF_OPEN));
        restarted.closeViaProbe("fakeoa/rl-429");
        clock.advance(Duration.ofMinutes(5));
        restarted.switcher.tick();
        assertThat(restarted.primary()).isEqualTo("fakeoa/rl-429");
    }

    @Test
    void aSwitcherStateWrittenByANewerVersionKeepsTheSwitchEpisode() throws Exception {
        SwitcherHarness h = harness(LIVE);
        h.storm("fakeoa/rl-429", "rate_limit");
        h.applied("agents.defaults.model.primary");
        Path file = h.state.resolve("switcher.json");
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) io.gatewarden.state.StateJson.mapper().readTree(file.toFile());
        tree.put("field_of_a_newer_version", "x");
        tree.putObject("another_one").put("nested", 1);
        Files.writeString(file, tree.toString());

        SwitcherHarness restarted = new SwitcherHarness(clock, dir, h.config, LIVE, true);
        assertThat(restarted.switcher.state().originalPrimary()).as("episode kept").isEqualTo("fakeoa/rl-429");
        assertThat(restarted.switcher.state().switched()).isTrue();
        assertThat(Files.list(h.state).map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("corrupt"));
    }

    // ------------------------------------------------------------------ one config model

    static final Path CONFIG_MODEL = Path.of("src/test/resources/config-model");

    @Test
    void aHexNumberConfig_isSwitchedAndFailedBack_withEveryOtherByteLeftAlone() throws Exception {
        SwitcherHarness h = new SwitcherHarness(clock, dir, CONFIG_MODEL.resolve("hex-openclaw.json5"), LIVE);
        String original = Files.readString(h.config);
        assertThat(h.switcher.currentPrimary()).isEqualTo("fakeoa/rl-429");

        h.storm("fakeoa/rl-429", "rate_limit");
        assertThat(h.outcomes()).containsExactly("switch_primary written fakeanth/ovl-529");
        assertThat(Files.readString(h.config)).isEqualTo(original.replace(
                "primary: \"fakeoa/rl-429\"", "primary: \"fakeanth/ovl-529\""));
        assertThat(Files.readString(h.config)).contains("maxTokens: 0x1000", "port: 0x4965", "name: \"Fake \\\nOK\"");
        clock.advance(Duration.ofMillis(900));
        h.applied("agents.defaults.model.primary");
        assertThat(h.outcomes()).last().isEqualTo("switch_primary confirmed fakeanth/ovl-529");

        clock.advance(Duration.ofSeconds(31));
        h.breakers.tick();
        h.closeViaProbe("fakeoa/rl-429");
        clock.advance(Duration.ofMinutes(6));
        h.switcher.tick();
        assertThat(Files.readString(h.config)).as("failed back, byte for byte").isEqualTo(original);
    }

    @Test
    void aPrimaryWrittenInAnIncludedFile_isNotSwitched_andTheRefusalNamesTheFile() throws Exception {
        Path agents = dir.resolve("agents.json5");
        Files.writeString(agents, "{ defaults: { model: { primary: 'fakeoa/rl-429', fallbacks: ['fakeanth/ovl-529', 'fakeoa/ok'] } } }\n");
        String main = Files.readString(INITIAL);
        main = main.substring(0, main.indexOf("  \"agents\": {")) + "  \"agents\": { \"$include\": \"./agents.json5\" },\n"
                + main.substring(main.indexOf("  \"models\": {"));
        Path cfg = dir.resolve("openclaw.json");
        Files.writeString(cfg, main);
        byte[] mainBefore = Files.readAllBytes(cfg);
        byte[] agentsBefore = Files.readAllBytes(agents);

        SwitcherHarness h = new SwitcherHarness(clock, dir, cfg, LIVE, true);
        assertThat(h.switcher.currentPrimary()).as("read through the include").isEqualTo("fakeoa/rl-429");
        h.storm("fakeoa/rl-429", "rate_limit");

        assertThat(Files.readAllBytes(cfg)).isEqualTo(mainBefore);
        assertThat(Files.readAllBytes(agents)).isEqualTo(agentsBefore);
        assertThat(h.journalLines()).containsExactly("switch_primary declined not_editable");
        assertThat(h.journal.readAll().get(0).reason())
                .contains("agents.defaults.model.primary is written in " + agents.toAbsolutePath().normalize())
                .contains("move agents.defaults.model.primary into openclaw.json");
        assertThat(h.signals).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(IncidentType.CONFIG_RELOAD_FAILED);
            assertThat(s.evidence()).contains(agents.getFileName().toString());
        });

        ActionOutcome pin = h.switcher.pin("fakeoa/ok", "operator");
        assertThat(pin.outcome()).isEqualTo("refused");
        assertThat(pin.reason()).contains("agents.json5");
        assertThat(Files.readAllBytes(agents)).isEqualTo(agentsBefore);
    }
}
