package io.gatewarden.act;

import io.gatewarden.command.CommandRunner;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.parse.OpenClawLineParser;
import io.gatewarden.run.Sessions;
import io.gatewarden.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Session actions against a real process standing in for the openclaw CLI ({@code act/sessions/fake-openclaw}, which
 * replies with the JSON the real gateway printed in capture 17) and real preflight lines of that capture.
 */
class SessionActionsTest {
    static final Path RESOURCES = Path.of("src/test/resources/act/sessions");
    static final Path CAPTURE = Path.of("src/test/resources/fixtures/openclaw/logs/17-session-actions.debug.jsonl");
    static final String SUMMARY_KEY = "agent:main:explicit:lab-s17-summary";
    static final String POISON = "lab-s17-poison-lines";

    @TempDir Path dir;
    // capture 17's lab-s17-summary was compacted at 17:06:32Z; its next preflight line is at 17:06:36.665Z
    final MutableClock clock = MutableClock.at("2026-12-06T17:06:30Z");
    final List<Signal> alerts = new CopyOnWriteArrayList<>();
    final List<String> resolved = new CopyOnWriteArrayList<>();
    final ExecutorService commands = Executors.newSingleThreadExecutor();
    Path calls, state;
    ActionJournal journal;
    ActionGuard guard;
    final Sessions sessions = new Sessions(64);
    final OpenClawLineParser parser = new OpenClawLineParser();

    @BeforeEach
    void setUp() throws IOException {
        calls = dir.resolve("calls.log");
        state = Files.createDirectories(dir.resolve("gateway-sessions"));
        journal = new ActionJournal(dir.resolve("actions.jsonl"), 1 << 20, clock);
    }

    SessionActions actions(boolean dryRun, String mode, SessionActionSettings s) {
        guard = new ActionGuard(clock, journal, ActSettings.defaults().withDryRun(dryRun), dir.resolve("guard.json"));
        Map<String, String> env = Map.of("FAKE_CALLS", calls.toString(), "FAKE_STATE", state.toString(), "FAKE_MODE", mode);
        SessionActor actor = new SessionActor(new CommandRunner(env, SessionActor.MAX_REPLY_BYTES),
                List.of(RESOURCES.resolve("fake-openclaw").toAbsolutePath().toString()), Duration.ofSeconds(5));
        SessionActions a = new SessionActions("gw", s, guard, actor, sessions, commands, clock, agent -> "fakeanth/m-a");
        a.setAlertSink(new IncidentSink() {
            @Override public void signal(Signal sig) { alerts.add(sig); }
            @Override public void resolve(IncidentType t, Map<String, String> labels, Instant at, String why) { resolved.add(t.wireName() + " " + why); }
        });
        return a;
    }

    SessionActions actions(boolean dryRun, String mode) {
        return actions(dryRun, mode, SessionActionSettings.defaults());
    }

    static SessionActionSettings archiving() {
        return new SessionActionSettings(null, null, null, null, null, null, null, "archive", null, null, null, null);
    }

    /** The capture's preflight lines of one session (in log order). */
    List<GatewayEvent> preflights(String session) throws IOException {
        List<GatewayEvent> out = new ArrayList<>();
        for (String line : Files.readAllLines(CAPTURE)) {
            if (!line.contains("preflightCompaction check: sessionKey=agent:main:explicit:" + session + " ")) continue;
            out.add(parser.parse(line));
        }
        return out;
    }

    static Incident pressure(String session, Severity sev) {
        return new Incident("inc-p-" + session, IncidentType.CONTEXT_PRESSURE, sev, Map.of("session", session, "agent", "main", "gateway", "gw"),
                Instant.parse("2026-12-06T17:06:26Z"), Instant.parse("2026-12-06T17:06:26Z"), null, 1,
                "session " + session + " (agent main) uses 96 % of its context window (23040 of 24000 tokens)", List.of());
    }

    static Incident loop(String session, String error) {
        return new Incident("inc-l-" + session, IncidentType.ERROR_LOOP, Severity.WARNING,
                Map.of("session", session, "agent", "main", "error", error, "gateway", "gw"),
                Instant.parse("2026-12-06T17:07:12Z"), Instant.parse("2026-12-06T17:07:20Z"), null, 3,
                "session " + session + " (agent main) keeps failing with the same error: 3 runs within 3m", List.of());
    }

    static final String TOOL_USE = "messages.1.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_<id>";

    List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    List<JournalEntry> results(String action) {
        return journal.readAll().stream().filter(e -> action.equals(e.action()) && "result".equals(e.decision())).toList();
    }

    @Test
    void dryRun_journalsWhatItWouldRun_andRunsNothing() throws IOException {
        SessionActions a = actions(true, "ok");
        preflights("lab-s17-summary").forEach(a::onEvent);
        a.opened(pressure("lab-s17-summary", Severity.CRITICAL));
        a.opened(loop(POISON, TOOL_USE));
        commands.shutdown();

        assertThat(calls()).isEmpty();
        assertThat(results(SessionActions.COMPACT)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("dry_run");
            assertThat(e.detail()).contains("would run: ").contains("sessions compact " + SUMMARY_KEY + " --json");
            assertThat(e.reason()).contains("fakeanth/m-a");
        });
        assertThat(results(SessionActions.QUARANTINE)).singleElement().satisfies(e ->
                assertThat(e.detail()).contains("sessions compact agent:main:explicit:" + POISON + " --max-lines 1 --json"));
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void criticalPressure_compacts_confirmedByTheReplyAndByTheNextPreflightLine() throws IOException {
        SessionActions a = actions(false, "ok");
        List<GatewayEvent> lines = preflights("lab-s17-summary");
        // the lines before the compaction: up to 17227 tokens (72 % of 24000; the test's incident says critical)
        lines.stream().filter(e -> e.time().isBefore(Instant.parse("2026-12-06T17:06:32Z"))).forEach(a::onEvent);
        a.opened(pressure("lab-s17-summary", Severity.CRITICAL));
        await().atMost(Duration.ofSeconds(10)).until(() -> !results(SessionActions.COMPACT).isEmpty());

        assertThat(calls()).containsExactly("sessions compact " + SUMMARY_KEY + " --json");
        JournalEntry done = results(SessionActions.COMPACT).get(0);
        assertThat(done.outcome()).isEqualTo("compacted");
        assertThat(done.before().get("tokens").asLong()).isEqualTo(17232);
        assertThat(done.after().get("tokens").asLong()).isEqualTo(587);
        assertThat(done.reason()).contains("primary model fakeanth/m-a");
        assertThat(a.status()).singleElement().satisfies(v -> assertThat(v.awaitingConfirmation()).isTrue());

        clock.set(Instant.parse("2026-12-06T17:06:33Z"));
        lines.stream().filter(e -> e.time().isAfter(Instant.parse("2026-12-06T17:06:33Z"))).forEach(a::onEvent);
        List<JournalEntry> rs = results(SessionActions.COMPACT);
        assertThat(rs).hasSize(2);
        assertThat(rs.get(1).outcome()).isEqualTo("confirmed");
        assertThat(rs.get(1).reason()).contains("tokenCount 588 < 17232");
        assertThat(alerts).isEmpty();
        assertThat(a.status()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo(SUMMARY_KEY);
            assertThat(v.lastOutcome()).isEqualTo("compacted");
            assertThat(v.confirmedTokens()).isEqualTo(588);
            assertThat(v.awaitingConfirmation()).isFalse();
        });
    }

    @Test
    void cooldown_oneCompactionPerSession_whateverTheIncidentRepeats() throws IOException {
        SessionActions a = actions(false, "ok");
        List<GatewayEvent> lines = preflights("lab-s17-summary");
        lines.subList(0, 3).forEach(a::onEvent);
        a.opened(pressure("lab-s17-summary", Severity.CRITICAL));
        await().atMost(Duration.ofSeconds(10)).until(() -> !results(SessionActions.COMPACT).isEmpty());
        lines.subList(4, lines.size()).forEach(a::onEvent); // the next preflight lines confirm it
        assertThat(results(SessionActions.COMPACT)).extracting(JournalEntry::outcome).containsExactly("compacted", "confirmed");
        clock.advance(Duration.ofMinutes(29));
        a.updated(pressure("lab-s17-summary", Severity.CRITICAL));
        a.updated(pressure("lab-s17-summary", Severity.CRITICAL));
        assertThat(journal.readAll()).filteredOn(e -> "declined".equals(e.decision()))
                .singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("cooldown"));
        clock.advance(Duration.ofMinutes(2));
        a.updated(pressure("lab-s17-summary", Severity.CRITICAL));
        await().atMost(Duration.ofSeconds(10)).until(() -> results(SessionActions.COMPACT).size() == 3);
        assertThat(calls()).hasSize(2);
        assertThat(results(SessionActions.COMPACT)).extracting(JournalEntry::outcome).containsExactly("compacted", "confirmed", "compacted");
    }

    @Test
    void neverTwoActionsAtOnce_aSessionActionWaitsForTheOneInFlight() throws IOException {
        SessionActions a = actions(false, "ok");
        preflights("lab-s17-summary").subList(0, 3).forEach(a::onEvent);
        ActionGuard.Permit restart = guard.claim("gw", "restart").orElseThrow();
        a.opened(pressure("lab-s17-summary", Severity.CRITICAL));
        a.opened(loop(POISON, TOOL_USE));
        commands.shutdown();
        assertThat(calls()).isEmpty();
        assertThat(journal.readAll()).filteredOn(e -> "declined".equals(e.decision()))
                .extracting(JournalEntry::outcome).containsExactly("in_flight", "in_flight");

        // a slow command holds the slot: nothing else starts until it is back
        guard.finish(restart, "done");
        ExecutorService slow = Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        SessionActions b = new SessionActions("gw", SessionActionSettings.defaults(), guard,
                new SessionActor(new CommandRunner(Map.of("FAKE_CALLS", calls.toString(), "FAKE_STATE", state.toString()),
                        SessionActor.MAX_REPLY_BYTES), List.of(RESOURCES.resolve("fake-openclaw").toAbsolutePath().toString()),
                        Duration.ofSeconds(5)), sessions, r -> slow.execute(() -> { awaitLatch(go); r.run(); }), clock, x -> null);
        b.opened(loop(POISON, TOOL_USE));
        assertThat(guard.inFlight("gw")).isPresent();
        assertThat(guard.request(new ActionGuard.Request("gw", "switch_primary", "primary", null, "test", null)))
                .isInstanceOfSatisfying(ActionGuard.Declined.class, d -> assertThat(d.code()).isEqualTo("in_flight"));
        go.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> guard.inFlight("gw").isEmpty());
        assertThat(results(SessionActions.QUARANTINE)).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("truncated"));
        slow.shutdown();
    }

    private static void awaitLatch(java.util.concurrent.CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void unknownKey_exitZeroIsNotProof_theGatewayIsUntouchedAndTheAlertNamesTheCommand() throws IOException {
        SessionActions a = actions(false, "unknown");
        preflights("lab-s17-summary").subList(0, 3).forEach(a::onEvent);
        a.opened(pressure("lab-s17-summary", Severity.CRITICAL));
        await().atMost(Duration.ofSeconds(10)).until(() -> !alerts.isEmpty());
        assertThat(results(SessionActions.COMPACT)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("unchanged");
            assertThat(e.detail()).contains("not compacted (no sessionId)");
        });
        assertThat(alerts).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(IncidentType.SESSION_ACTION_FAILED);
            assertThat(s.summary()).contains("changed nothing").contains("Run by hand: ")
                    .contains("sessions compact " + SUMMARY_KEY + " --json");
            assertThat(s.labels()).containsEntry("session", "lab-s17-summary").containsEntry("action", SessionActions.COMPACT);
        });
        assertThat(state).isEmptyDirectory();
        assertThat(guard.inFlight("gw")).isEmpty();
    }

    @Test
    void alreadyCompactedByTheGateway_isARefusalThatChangedNothing() throws IOException {
        SessionActions a = actions(false, "already");
        preflights("lab-s17-summary").subList(0, 3).forEach(a::onEvent);
        a.opened(pressure("lab-s17-summary", Severity.CRITICAL));
        await().atMost(Duration.ofSeconds(10)).until(() -> !alerts.isEmpty());
        assertThat(results(SessionActions.COMPACT)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("unchanged");
            assertThat(e.detail()).contains("not compacted (Already compacted)");
        });
        assertThat(alerts.get(0).summary()).contains("changed nothing").contains("Run by hand: ");
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void failedOrUnreadableCommand_leavesTheGatewayAsItWas_andAlerts() throws IOException {
        for (String mode : List.of("fail", "garbage")) {
            alerts.clear();
            SessionActions a = actions(false, mode, archiving());
            a.opened(loop(POISON + "-" + mode, TOOL_USE));
            await().atMost(Duration.ofSeconds(10)).until(() -> !alerts.isEmpty());
            assertThat(alerts).singleElement().satisfies(s -> {
                assertThat(s.summary()).contains("quarantine of session agent:main:explicit:" + POISON + "-" + mode + " failed")
                        .contains("Run by hand: ").contains("sessions archive agent:main:explicit:" + POISON + "-" + mode + " --json");
                if (mode.equals("fail")) assertThat(s.summary()).contains("exit 1").contains("ECONNREFUSED");
            });
        }
        assertThat(results(SessionActions.QUARANTINE)).extracting(JournalEntry::outcome).containsExactly("failed", "failed");
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void transcriptLoop_quarantinedByTruncation_aRateLimitLoopAndAMainSessionAreNot() throws IOException {
        SessionActions a = actions(false, "ok");
        a.opened(loop("other", "Rate limit reached for requests per min (RPM)"));
        a.opened(loop("main", TOOL_USE));
        a.opened(loop(POISON, TOOL_USE));
        await().atMost(Duration.ofSeconds(10)).until(() -> !results(SessionActions.QUARANTINE).isEmpty());
        assertThat(calls()).containsExactly("sessions compact agent:main:explicit:" + POISON + " --max-lines 1 --json");
        assertThat(journal.readAll()).filteredOn(e -> "declined".equals(e.decision()))
                .singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("protected_main"));
        JournalEntry q = results(SessionActions.QUARANTINE).get(0);
        assertThat(q.outcome()).isEqualTo("truncated");
        assertThat(q.reason()).contains("tool_use_id").contains("truncate its transcript to the last 1 lines");
        assertThat(q.after().get("keptLines").asInt()).isEqualTo(1);
        assertThat(Files.readString(state.resolve("agent:main:explicit:" + POISON + ".state"))).contains("--max-lines 1");
        assertThat(a.status()).filteredOn(v -> v.session().equals(POISON)).singleElement()
                .satisfies(v -> assertThat(v.quarantined()).isEqualTo("truncated"));

        // the next preflight after a truncation may still carry the old count: pressure on it does not compact at once
        a.opened(pressure(POISON, Severity.CRITICAL));
        assertThat(calls()).hasSize(1);
    }

    @Test
    void archiveQuarantine_journalAndStatusTellHowToRestore() throws IOException {
        SessionActions a = actions(false, "ok", archiving());
        a.opened(loop("lab-s17-poison-archive", TOOL_USE));
        await().atMost(Duration.ofSeconds(10)).until(() -> !results(SessionActions.QUARANTINE).isEmpty());
        assertThat(calls()).containsExactly("sessions archive agent:main:explicit:lab-s17-poison-archive --json");
        JournalEntry q = results(SessionActions.QUARANTINE).get(0);
        assertThat(q.outcome()).isEqualTo("archived");
        assertThat(q.reason()).as("alerts quote the reason").contains("Restore: openclaw gateway call sessions.patch")
                .contains("\"expectedSessionId\":\"lab-s17-poison-archive\"");
        assertThat(a.status()).singleElement().satisfies(v -> {
            assertThat(v.quarantined()).isEqualTo("archived");
            assertThat(v.lastDetail()).contains("\"archived\":false");
        });
        assertThat(resolved).contains("session_action_failed " + SessionActions.QUARANTINE + " of session lab-s17-poison-archive succeeded");
    }

    @Test
    void aboveTheGatewaysOwnThresholdLongerThanTheGrace_compacts() throws IOException {
        SessionActions a = actions(true, "ok");
        String key = "agent:main:explicit:lab-t";
        String line = "{\"0\":\"{\\\"subsystem\\\":\\\"agent/embedded\\\"}\",\"1\":\"preflightCompaction check: sessionKey=" + key
                + " tokenCount=%d contextWindow=24000 threshold=18000 isHeartbeat=false\",\"_meta\":{\"logLevelId\":2,\"logLevelName\":\"DEBUG\"},"
                + "\"time\":\"%s\",\"message\":\"preflightCompaction check: sessionKey=" + key + " tokenCount=%d contextWindow=24000 threshold=18000\"}";
        a.onEvent(parser.parse(String.format(line, 19000, "2026-12-06T17:00:00.000Z", 19000)));
        a.onEvent(parser.parse(String.format(line, 19500, "2026-12-06T17:01:00.000Z", 19500)));
        assertThat(results(SessionActions.COMPACT)).isEmpty();
        a.onEvent(parser.parse(String.format(line, 19600, "2026-12-06T17:02:30.000Z", 19600)));
        assertThat(results(SessionActions.COMPACT)).singleElement().satisfies(e ->
                assertThat(e.reason()).contains("above the gateway's own compaction threshold=18000"));
    }
}
