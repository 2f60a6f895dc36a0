package io.gatewarden.pipeline;

import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.parse.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 2 end to end: every real OpenClaw capture through the replay path (LogSetReader → OpenClawLineParser →
 * DetectorChain → IncidentTracker on log time), asserting the incidents a person reading the log would name:
 * type, the labels that matter, severity and occurrences (runs, skipped rungs, rejected reloads; never lines).
 */
class ReplayFixturesTest {
    static final Path LOGS = Path.of("src/test/resources/fixtures/openclaw/logs");

    @TempDir
    Path tmp;

    static Replay.Result replay(Path... inputs) throws IOException {
        return Replay.run(GatewardenConfig.defaults().pipeline(), List.of(inputs), new IncidentListener() {});
    }

    static Path log(String name) {
        return LOGS.resolve(name);
    }

    /** Each incident as "type{labels} severity xN"; the gateway label (on every incident) is checked and left out. */
    static List<String> incidents(Replay.Result r) {
        List<String> out = new ArrayList<>();
        for (Incident i : r.incidents()) {
            assertThat(i.labels()).containsEntry("gateway", "openclaw");
            Map<String, String> labels = new TreeMap<>(i.labels());
            labels.remove("gateway");
            String l = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            out.add(i.type().wireName() + "{" + l + "} " + i.severity().wireName() + " x" + i.occurrences());
        }
        return out;
    }

    static Incident only(Replay.Result r, IncidentType type) {
        List<Incident> of = r.incidents().stream().filter(i -> i.type() == type).toList();
        assertThat(of).as("incidents of type %s", type).hasSize(1);
        return of.get(0);
    }

    private static void assertClean(Replay.Result r) {
        assertThat(r.stats().malformed()).as("malformed lines").isZero();
        assertThat(r.read().skippedLines()).as("oversized lines").isZero();
        assertThat(r.stats().listenerErrors()).isZero();
    }

    // ---------------------------------------------------------------- quiet scenarios

    @Test
    void startupAndHotReloadsRaiseNothing() throws IOException {
        for (String f : List.of("01-startup.info.jsonl", "03-hot-reload-auth-paste-and-primary-switch.info.jsonl")) {
            Replay.Result r = replay(log(f));
            assertClean(r);
            assertThat(r.read().lines()).isPositive();
            assertThat(incidents(r)).as(f).isEmpty();
        }
    }

    // ---------------------------------------------------------------- 02: the 429 → 529 → unknown model cascade

    @Test
    void fixture02CascadeIsOneEpisodePerRungNotOnePerRetry() throws IOException {
        for (String f : List.of("02-failover-cascade-429-529-unknown-model.info.jsonl",
                "02-failover-cascade-429-529-unknown-model.debug.jsonl")) {
            Replay.Result r = replay(log(f));
            assertClean(r);
            assertThat(incidents(r)).as(f).containsExactlyInAnyOrder(
                    "provider_rate_limited{model=rl-429,provider=fakeoa} warning x1",
                    "provider_overloaded{model=ovl-529,provider=fakeanth} warning x1",
                    "fallback_skipped{model=claude-sonnet-4-5,provider=anthropic,reason=unknown_model} warning x1");
            Incident rl = only(r, IncidentType.PROVIDER_RATE_LIMITED);
            // opened by the first failed attempt, 2.5 minutes before the gateway gave up on the model
            assertThat(rl.startsAt()).isEqualTo(Instant.parse("2026-11-23T12:02:10.651Z"));
            assertThat(rl.lastSeenAt()).isEqualTo(Instant.parse("2026-11-23T12:04:38.480Z"));
            // the final state, not the one last announced to listeners
            assertThat(rl.summary()).isEqualTo("fakeoa/rl-429 is rate-limited (429): 9 retries in run ead177c3");
            assertThat(only(r, IncidentType.PROVIDER_OVERLOADED).summary())
                    .isEqualTo("fakeanth/ovl-529 is overloaded (529): 7 retries in run ead177c3");
            // the log ends 4 s after the run succeeded: nothing has been quiet for 5 minutes yet
            assertThat(r.incidents()).allMatch(Incident::isOpen);
        }
    }

    // ---------------------------------------------------------------- 04–06: quota, skips, exhausted chain

    @Test
    void fixture04QuotaExhaustedWithTheDisabledProfile() throws IOException {
        Replay.Result r = replay(log("04-quota-billing-disable-then-fallback.info.jsonl"));
        assertClean(r);
        assertThat(incidents(r)).containsExactly(
                "quota_exhausted{profile=sha256:3b94924e0061,provider=fakeoa} critical x1");
        assertThat(only(r, IncidentType.QUOTA_EXHAUSTED).summary())
                .isEqualTo("fakeoa is out of quota (billing): auth profile sha256:3b94924e0061 disabled until 2026-11-23T12:19:33.506Z");
    }

    @Test
    void fixture05CooldownSkipsAndTheMissingKeyAreEachAFallbackSkipped() throws IOException {
        Replay.Result r = replay(log("05-cooldown-skip-and-no-api-key.info.jsonl"));
        assertClean(r);
        assertThat(incidents(r)).containsExactlyInAnyOrder(
                // both fakeoa rungs were skipped because the profile is billing-disabled ("in cooldown (billing)"); this
                // slice does not hold the disable line (fixture 04 does), so no profile is named
                "fallback_skipped{model=quota-429,provider=fakeoa,reason=cooldown} warning x1",
                "fallback_skipped{model=ok,provider=fakeoa,reason=cooldown} warning x1",
                // no request was ever sent to nokeyremote: the gateway's 401 is synthetic
                "fallback_skipped{model=m1,provider=nokeyremote,reason=no_credentials} warning x1",
                // the skip reason says why fakeoa is unusable: its quota is gone (the profile is not named here)
                "quota_exhausted{provider=fakeoa} critical x1");
        // the two lane lines and the decision line of the missing key are one skipped rung of one run
        assertThat(r.incidents()).filteredOn(i -> "nokeyremote".equals(i.labels().get("provider")))
                .singleElement().satisfies(i -> assertThat(i.summary()).contains("run b34ed0bb"));
    }

    @Test
    void fixture06ChainExhaustedOnceWithItsRungs() throws IOException {
        Replay.Result r = replay(log("06-chain-exhausted-all-models-failed.info.jsonl"));
        assertClean(r);
        assertThat(incidents(r)).containsExactlyInAnyOrder(
                // which chain broke: the agent and the model the run asked for
                "chain_exhausted{agent=main,requested_model=fakeoa/quota-429} critical x1",
                "fallback_skipped{model=quota-429,provider=fakeoa,reason=cooldown} warning x1",
                "fallback_skipped{model=m1,provider=nokeyremote,reason=no_credentials} warning x1",
                "quota_exhausted{provider=fakeoa} critical x1");
        // decision line, "res ✗ agent … All models failed" and the CLI echo are one failed run
        assertThat(only(r, IncidentType.CHAIN_EXHAUSTED).summary()).isEqualTo(
                "all models failed for fakeoa/quota-429 (agent main): 1 run in 1 session in the last hour; latest run 17291d47 "
                        + "in session lab-s4: fakeoa/quota-429 skipped (cooldown, billing) → nokeyremote/m1 skipped (no credentials)");
    }

    // ---------------------------------------------------------------- 07–09

    @Test
    void fixture07ContextOverflowNamesTheSession() throws IOException {
        for (String f : List.of("07-context-overflow.info.jsonl", "07-context-overflow.debug.jsonl")) {
            Replay.Result r = replay(log(f));
            assertClean(r);
            // at DEBUG the run model ties the run's first line to its session (its trace id): the session labels it
            assertThat(incidents(r)).as(f).containsExactly(f.contains("debug")
                    ? "context_overflow{agent=main,session=lab-s5} warning x1"
                    : "context_overflow{model=ctx-400,provider=fakeanth} warning x1");
            // the first line of the run names no session; a later one does, and that is the session to reset
            assertThat(only(r, IncidentType.CONTEXT_OVERFLOW).summary()).as(f).startsWith("session lab-s5 overflowed");
        }
    }

    @Test
    void fixture08OneRejectedRequestEvenThroughLaneErrorsWithoutAModel() throws IOException {
        Replay.Result r = replay(log("08-tool-use-id-format-error.info.jsonl"));
        assertClean(r);
        assertThat(incidents(r)).containsExactly("request_rejected{model=tooluse-400,provider=fakeanth} warning x1");
    }

    @Test
    void fixture09TwoRateLimitedRunsAndTheAbortIsNoChainExhaustion() throws IOException {
        Replay.Result r = replay(log("09-rate-limit-profile-cooldown-and-abort.info.jsonl"));
        assertClean(r);
        // the first run fell back and succeeded, the second was aborted by its client mid-retries: both were
        // rate-limited runs of one episode; "model fallback chain stopped" is not an exhausted chain
        assertThat(incidents(r)).containsExactly("provider_rate_limited{model=rl-429,provider=fakerl} warning x2");
        assertThat(only(r, IncidentType.PROVIDER_RATE_LIMITED).summary())
                .isEqualTo("fakerl/rl-429 is rate-limited (429): 9 retries in run 9186011d (auth profile sha256:8591d81ebb18)");
    }

    // ---------------------------------------------------------------- 10–13: the gateway process

    @Test
    void fixtures10And12AreOneRestartEach() throws IOException {
        for (String f : List.of("10-restart-via-cli-sigusr2.info.jsonl", "12-restart-required-config-change.info.jsonl")) {
            Replay.Result r = replay(log(f));
            assertClean(r);
            // SIGUSR2, "shutdown completed" and "gateway ready" are one restart; back within seconds: not down
            assertThat(incidents(r)).as(f).containsExactly("gateway_restarted{} info x1");
        }
    }

    @Test
    void fixture11TwoRejectedReloadsAreOneEpisode() throws IOException {
        Replay.Result r = replay(log("11-invalid-config-reload-skipped.info.jsonl"));
        assertClean(r);
        assertThat(incidents(r)).containsExactly("config_reload_failed{} warning x2");
        assertThat(only(r, IncidentType.CONFIG_RELOAD_FAILED).isOpen()).isTrue();
    }

    /**
     * A clean SIGTERM stop at the very end of a log is not an outage: replay runs on log time, and the log ends
     * 0.3 s after the stop, well within down_after (60 s). What came next is not in the log, so replay claims
     * nothing about it. Had the log gone on for more than down_after without a start, gateway_down would open.
     */
    @Test
    void fixture13StopAtTheEndOfTheLogIsNotGatewayDown() throws IOException {
        Replay.Result r = replay(log("13-sigterm-stop.info.jsonl"));
        assertClean(r);
        assertThat(incidents(r)).isEmpty();

        // the same stop, but the log goes on for two minutes with no start: now the gateway was down
        List<String> lines = new ArrayList<>(Files.readAllLines(log("13-sigterm-stop.info.jsonl")));
        String last = lines.get(lines.size() - 1);
        lines.add(last.replace("2026-11-23T12:23:17.975", "2026-11-23T12:25:20.000"));
        Path longer = Files.write(tmp.resolve("13-longer.jsonl"), lines);
        Replay.Result later = replay(longer);
        assertThat(incidents(later)).containsExactly("gateway_down{} critical x1");
        assertThat(only(later, IncidentType.GATEWAY_DOWN).isOpen()).isTrue();
    }

    // ---------------------------------------------------------------- the whole capture

    private static final List<String> WHOLE_SESSION = List.of(
            "provider_rate_limited{model=rl-429,provider=fakeoa} warning x1",
            "provider_overloaded{model=ovl-529,provider=fakeanth} warning x1",
            "fallback_skipped{model=claude-sonnet-4-5,provider=anthropic,reason=unknown_model} warning x1",
            // one billing-disabled profile seen by the runs of 04, 05 and 06
            "quota_exhausted{profile=sha256:3b94924e0061,provider=fakeoa} critical x3",
            // 04 logged the disable of fakeoa's profile after quota-429's billing failure: the later skips name the
            // profile, and fakeoa/ok — which never failed — names the model whose failure blocked it
            "fallback_skipped{model=quota-429,profile=sha256:3b94924e0061,provider=fakeoa,reason=cooldown} warning x2",
            "fallback_skipped{blocked_by=fakeoa/quota-429,model=ok,profile=sha256:3b94924e0061,provider=fakeoa,reason=cooldown} warning x1",
            "fallback_skipped{model=m1,provider=nokeyremote,reason=no_credentials} warning x2",
            "chain_exhausted{agent=main,requested_model=fakeoa/quota-429} critical x1",
            "context_overflow{agent=main,session=lab-s5} warning x1",
            "request_rejected{model=tooluse-400,provider=fakeanth} warning x1",
            "provider_rate_limited{model=rl-429,provider=fakerl} warning x2",
            // 10 and 12 are 77 s apart: one episode of two restarts
            "gateway_restarted{} info x2",
            "config_reload_failed{} warning x2");

    @Test
    void theFullGzippedLogGivesEachIncidentOfTheSessionOnce() throws IOException {
        Replay.Result r = replay(log("full-run.debug.jsonl.gz"));
        assertClean(r);
        assertThat(r.read().lines()).isEqualTo(1740);
        assertThat(incidents(r)).containsExactlyInAnyOrderElementsOf(WHOLE_SESSION);
        // the log ends with the SIGTERM stop: no gateway_down (see fixture 13)
        assertThat(r.incidents()).noneMatch(i -> i.type() == IncidentType.GATEWAY_DOWN);

        // the .gz is read exactly as its inflated content
        Path plain = tmp.resolve("full-run.debug.jsonl");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(log("full-run.debug.jsonl.gz")))) {
            Files.copy(in, plain);
        }
        assertThat(replay(plain).incidents()).isEqualTo(r.incidents());
    }

    /**
     * The first capture session's files (01–13, the full run, the console text), in a folder of their own: the
     * later captures (14 and up, another gateway run each) sit in the same fixture folder.
     */
    private Path firstSession() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("first-session"));
        try (var s = Files.list(LOGS)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().matches("(1[4-9]|[2-9]\\d)[a-z]?-.*")).toList()) {
                Files.copy(p, d.resolve(p.getFileName()));
            }
        }
        return d;
    }

    /**
     * The first session's folder holds the same session several times over (13 info slices, 2 debug slices and the
     * full log) plus console text. Replayed at once, the files are merged by log time and a line another file already
     * delivered counts once, so a person sees the session's incidents once each, as from the full log alone.
     */
    @Test
    void theWholeFolderAtOnceIsTheSessionOnce() throws IOException {
        Replay.Result dir = replay(firstSession());
        Replay.Result full = replay(log("full-run.debug.jsonl.gz"));
        assertThat(dir.read().files()).isEqualTo(18);
        assertThat(incidents(dir)).containsExactlyInAnyOrderElementsOf(WHOLE_SESSION);
        assertThat(shape(dir)).isEqualTo(shape(full));
        // every line of the 15 slices is also in the full log
        assertThat(dir.duplicateLines()).isEqualTo(968);
        // the console capture (365 lines) and the restart log (1 line) are not tslog JSON
        assertThat(dir.stats().malformed()).isEqualTo(366);
        assertThat(dir.stats().lines()).isEqualTo(3074 - 968);
    }

    /** What a person compares: type, labels, severity, occurrences, when it started and ended. */
    private static List<String> shape(Replay.Result r) {
        return r.incidents().stream().map(i -> i.key() + " " + i.severity() + " x" + i.occurrences() + " "
                + i.startsAt() + ".." + i.endsAt()).toList();
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void consoleTextGivesOnlyMalformedCounts() throws IOException {
        Replay.Result r = replay(log("gateway-console.stdout.txt"));
        assertThat(r.read().lines()).isEqualTo(365);
        assertThat(r.stats().malformed()).isEqualTo(365);
        assertThat(r.stats().events(EventType.MALFORMED)).isEqualTo(365);
        assertThat(r.incidents()).isEmpty();
    }

    @Test
    void aFiveMebibyteLineAndBinaryGarbageAreSkippedAndCountedAroundAnIncident() throws IOException {
        List<String> lines = Files.readAllLines(log("06-chain-exhausted-all-models-failed.info.jsonl"));
        Random random = new Random(7);
        byte[] garbage = new byte[64 * 1024];
        random.nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) if (garbage[i] == '\n') garbage[i] = 0;
        byte[] huge = new byte[5 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        byte[] hugeJson = ("{\"0\":\"" + new String(huge, StandardCharsets.US_ASCII) + "\"}").getBytes(StandardCharsets.US_ASCII);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            // in the middle of the run: after its skip decision, before the missing-key lines and the exhaustion
            if (i == 4) {
                writeLine(out, hugeJson);
                writeLine(out, garbage);
                writeLine(out, new byte[]{0, 0, 0, (byte) 0xff, (byte) 0xfe});
            }
            writeLine(out, lines.get(i).getBytes(StandardCharsets.UTF_8));
        }
        Path f = Files.write(tmp.resolve("06-with-garbage.jsonl"), out.toByteArray());

        Replay.Result r = replay(f);
        assertThat(r.read().skippedLines()).as("the 5 MiB line, over the 1 MiB cap").isEqualTo(1);
        assertThat(r.stats().oversized()).isEqualTo(1);
        assertThat(r.stats().malformed()).as("the two binary lines").isEqualTo(2);
        assertThat(r.read().lines()).isEqualTo(lines.size() + 2);
        assertThat(incidents(r)).isEqualTo(incidents(replay(log("06-chain-exhausted-all-models-failed.info.jsonl"))));
        assertThat(incidents(r)).contains("chain_exhausted{agent=main,requested_model=fakeoa/quota-429} critical x1",
                "fallback_skipped{model=m1,provider=nokeyremote,reason=no_credentials} warning x1");
    }

    private static void writeLine(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.write('\n');
    }

    // ---------------------------------------------------------------- the parallel reader keeps the order

    @Test
    void oneParseThreadOrManyGiveTheSameIncidents() throws IOException {
        List<Path> in = List.of(LOGS);
        Replay.Result one = Replay.run(GatewardenConfig.defaults().pipeline(), in, new IncidentListener() {}, 1);
        Replay.Result four = Replay.run(GatewardenConfig.defaults().pipeline(), in, new IncidentListener() {}, 4);
        assertThat(four.incidents()).isEqualTo(one.incidents());
        assertThat(four.duplicateLines()).isEqualTo(one.duplicateLines());
    }
}
