package io.gatewarden.load;

import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.OpenClawConfigReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fixture 21 (real OpenClaw 2026.9.6: heartbeats for main every 1m and ops every 2m, cron job-a every minute on main,
 * job-b every 2 minutes on ops with its own model, one chat answered and one rate-limited on both rungs): every
 * request the fake provider logged — each carries a marker naming its source — is attributed by `load` to that
 * source, model and outcome, once. Fixture 21i is the same set-up at the default info level: counts are lower bounds.
 */
class LoadCaptureTest {
    static final Path FX = Path.of("src/test/resources/fixtures/openclaw");
    static final Pattern REQUEST = Pattern.compile("POST \\S+ model=(\\S+) .* marker=(\\S+) -> (\\S+)");
    /** The marker each source put in its prompt (capture.py LOAD_MARKERS) → who made the call. */
    static final Map<String, String> WHO = Map.of(
            "LOADCAP-HB-MAIN", "main heartbeat",
            "LOADCAP-HB-OPS", "ops heartbeat",
            "LOADCAP-CRON-A", "main cron job-a",
            "LOADCAP-CRON-B", "ops cron job-b",
            "LOADCAP-CHAT-OK", "main chat direct",
            "LOADCAP-CHAT-FAIL", "main chat direct");

    /** "who | provider/model | failed?" → calls, from the fake provider's own request log. */
    static Map<String, Long> truth(String stem) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (String line : Files.readAllLines(FX.resolve("cli-output/" + stem + "-requests.log"))) {
            Matcher m = REQUEST.matcher(line);
            if (!m.find()) continue;
            boolean failed = !m.group(3).startsWith("ok");
            out.merge(WHO.get(m.group(2)) + " | fakeoa/" + m.group(1) + " | " + (failed ? "failed" : "ok"), 1L, Long::sum);
        }
        return out;
    }

    static LoadReport load(String stem, String log) throws Exception {
        GatewayConfig gateway = new OpenClawConfigReader().read(FX.resolve("configs/" + stem + "-openclaw.json"));
        Map<String, String> names = new TreeMap<>();
        for (CronJob j : CronJobStore.readDb(FX.resolve("cli-output/" + stem + "-cron_jobs.sqlite"))) names.put(j.id(), j.name());
        return LoadRunner.run(GatewardenConfig.defaults().pipeline(), GatewardenConfig.defaults().gateway().domains(), List.of(FX.resolve("logs/" + log)), gateway, names, ZoneOffset.UTC, 1)
                .report();
    }

    /** The report's rows as "who | model | failed?" → calls (a row with failures splits into its ok and failed calls). */
    static Map<String, Long> counted(LoadReport r) {
        Map<String, Long> out = new TreeMap<>();
        for (LoadReport.SourceRow s : r.sources()) {
            String k = s.who() + " | " + s.provider() + "/" + s.model();
            if (s.calls() > s.failures()) out.merge(k + " | ok", s.calls() - s.failures(), Long::sum);
            if (s.failures() > 0) out.merge(k + " | failed", s.failures(), Long::sum);
        }
        return out;
    }

    @Test
    void debugLogAttributesEveryRequestToItsSource() throws Exception {
        LoadReport r = load("21-heartbeat-and-cron-load", "21-heartbeat-and-cron-load.debug.jsonl");
        Map<String, Long> truth = truth("21-heartbeat-and-cron-load");
        assertThat(truth.values().stream().mapToLong(Long::longValue).sum()).as("the capture made 20 requests").isEqualTo(20);
        assertThat(counted(r)).isEqualTo(truth);
        assertThat(r.logLevel()).isEqualTo("debug");
        assertThat(r.lowerBound()).isFalse();
        assertThat(r.calls()).isEqualTo(20);
        assertThat(r.failures()).isEqualTo(6);
        // heartbeats 5 + cron 8 of 20: the two chats are the only foreground calls
        assertThat(r.backgroundCalls()).isEqualTo(13);
        assertThat(r.sources()).allSatisfy(s -> assertThat(s.credential()).startsWith("fp:"));
        // the busiest minute on the one key: 17:08, when both cron jobs, a heartbeat and the failing chat were in it
        LoadReport.DomainPeaks peaks = r.busiestMinutes().get(0);
        assertThat(peaks.minutes().get(0).minute()).isEqualTo("2026-12-06T17:08");
        assertThat(peaks.minutes().get(0).who()).containsKeys("main cron job-a", "ops cron job-b", "main chat direct");
    }

    @Test
    void theInfoSliceOfTheDebugLogGivesLowerBoundsOnly() throws Exception {
        LoadReport r = load("21-heartbeat-and-cron-load", "21-heartbeat-and-cron-load.info.jsonl");
        assertThat(r.lowerBound()).isTrue();
        assertThat(r.note()).contains("lower bounds");
        assertThat(r.calls()).isLessThan(20);
        // failures are logged at WARN: all six are there
        assertThat(r.failures()).isEqualTo(6);
        assertLowerBounds(counted(r), truth("21-heartbeat-and-cron-load"));
    }

    @Test
    void aGatewayAtInfoLevelIsReadAsLowerBounds() throws Exception {
        LoadReport r = load("21i-heartbeat-and-cron-load-info-level", "21i-heartbeat-and-cron-load-info-level.info.jsonl");
        assertThat(r.logLevel()).isEqualTo("info");
        assertThat(r.lowerBound()).isTrue();
        assertThat(r.failures()).isEqualTo(6);
        assertLowerBounds(counted(r), truth("21i-heartbeat-and-cron-load-info-level"));
        assertThat(LoadTextReport.write(r)).contains("COUNTS ARE LOWER BOUNDS").contains("≥");
    }

    /**
     * Every source the INFO log names made at least that many calls. A run's first failed request may come before any
     * INFO line names its run (the run's start line is DEBUG): that call is counted, as kind "unknown".
     */
    static void assertLowerBounds(Map<String, Long> counted, Map<String, Long> truth) {
        counted.forEach((k, n) -> {
            if (k.startsWith("? " + SessionKinds.UNKNOWN)) return;
            String placed = k.replace("other " + LoadReport.MAIN_UNPLACED, "heartbeat");
            assertThat(truth.getOrDefault(placed, 0L)).as(k).isGreaterThanOrEqualTo(n);
        });
        long failedTruth = truth.entrySet().stream().filter(e -> e.getKey().endsWith("failed")).mapToLong(Map.Entry::getValue).sum();
        long failedCounted = counted.entrySet().stream().filter(e -> e.getKey().endsWith("failed")).mapToLong(Map.Entry::getValue).sum();
        assertThat(failedCounted).as("failed requests are logged at INFO: all of them are counted").isEqualTo(failedTruth);
    }

    @Test
    void theCommandPrintsTheDocumentedJson() throws Exception {
        String json = ScheduleCollisionTest.run("load", "--format", "json", "--zone", "UTC", "--day", "2026-12-06",
                "--config", FX.resolve("configs/21-heartbeat-and-cron-load-openclaw.json").toString(),
                "--cron-store", FX.resolve("cli-output/21-heartbeat-and-cron-load-cron_jobs.sqlite").toString(),
                FX.resolve("logs/21-heartbeat-and-cron-load.debug.jsonl").toString());
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(root.path("schema").asText()).isEqualTo("gatewarden.load/v1");
        assertThat(root.path("calls").asLong()).isEqualTo(20);
        assertThat(root.path("lowerBound").asBoolean()).isFalse();
        assertThat(root.path("sources").get(0).path("perHour").path("2026-12-06T17").asLong()).isEqualTo(5);
        var schedule = root.path("schedule");
        assertThat(schedule.path("schedules").findValuesAsText("name")).contains("job-a", "job-b", "heartbeat");
        // job-a every minute and the main heartbeat every minute (its row's phase) share the key: a collision
        assertThat(schedule.path("collisions").size()).isPositive();
        assertThat(schedule.path("suggestions").toString()).contains("heartbeat of main every 1m → 4h saves 1434 calls/day");
    }

    /** Older gateways kept the same job documents in cron/jobs.json ({@code {"jobs": [ … ]}}): read alike. */
    @Test
    void aLegacyJobsJsonReadsLikeTheTable(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<CronJob> fromDb = CronJobStore.readDb(FX.resolve("cli-output/21-heartbeat-and-cron-load-cron_jobs.sqlite"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var jobs = json.createArrayNode();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + FX.resolve("cli-output/21-heartbeat-and-cron-load-cron_jobs.sqlite"));
             var rs = c.createStatement().executeQuery("SELECT job_json FROM cron_jobs ORDER BY sort_order, job_id")) {
            while (rs.next()) jobs.add(json.readTree(rs.getString(1)));
        }
        Path legacy = java.nio.file.Files.createDirectories(dir.resolve("cron")).resolve("jobs.json");
        java.nio.file.Files.writeString(legacy, json.createObjectNode().put("version", 1).set("jobs", jobs).toString());
        java.nio.file.Files.writeString(dir.resolve("openclaw.json"), "{}");
        CronJobStore.Jobs read = CronJobStore.near(dir.resolve("openclaw.json"));
        assertThat(read.sources()).containsExactly(legacy);
        assertThat(read.jobs()).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(fromDb);
    }

    @Test
    void theCapturedCronTableReadsAsTheGatewayWroteIt() throws Exception {
        List<CronJob> jobs = CronJobStore.readDb(FX.resolve("cli-output/21-heartbeat-and-cron-load-cron_jobs.sqlite"));
        assertThat(jobs).extracting(CronJob::name).contains("job-a", "job-b", "heartbeat-main", "heartbeat-ops");
        CronJob b = jobs.stream().filter(j -> "job-b".equals(j.name())).findFirst().orElseThrow();
        assertThat(b.agent()).isEqualTo("ops");
        assertThat(b.expr()).isEqualTo("*/2 * * * *");
        assertThat(b.staggerMs()).isZero();
        assertThat(b.model()).isEqualTo("fakeoa/cron-b");
        CronJob hb = jobs.stream().filter(j -> "heartbeat-main".equals(j.name())).findFirst().orElseThrow();
        assertThat(hb.heartbeat()).isTrue();
        assertThat(hb.everyMs()).isEqualTo(60_000);
        assertThat(hb.anchorMs()).isNotNull();
    }
}
