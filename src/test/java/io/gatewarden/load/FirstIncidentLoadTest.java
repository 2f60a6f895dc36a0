package io.gatewarden.load;

import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.OpenClawConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first incident behind issue 16: one operator's key spent overnight by a heartbeat every 30 min, an analyst job
 * every 30 min and an accumulator every 10 min. The day is rebuilt from real line shapes (fixture 21's heartbeat run
 * and cron run, with times, run ids, trace ids and job ids replaced) and `load` must count 48 / 48 / 144.
 */
public class FirstIncidentLoadTest {
    static final Path LOG21 = LoadCaptureTest.FX.resolve("logs/21-heartbeat-and-cron-load.debug.jsonl");
    static final String ANALYST = "a1a1a1a1-0000-4000-8000-000000000001";
    static final String ACCUMULATOR = "a2a2a2a2-0000-4000-8000-000000000002";
    static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");

    /** One run's lines as the real gateway wrote them: a heartbeat (run d2175e9c) and a cron run of job-a (run ed7a6e60). */
    public record Template(List<String> lines, String runId, String traceId, String jobId, String runSession) {}

    public static Template heartbeat() throws Exception {
        return template("d2175e9c-0f77-49cd-9009-acfbdfb02876", "e60469ee56caa6c90e6695dc6eb00e29", null, null);
    }

    static Template cron() throws Exception {
        return template("ed7a6e60-2146-460b-9777-444630d19ceb", "c4fa046b", "79cbdd48-ac73-4880-b992-d980bff94341",
                "844c0f32-7e7d-4c0f-a197-e9dbf7af039d");
    }

    /** The run's start, key and trigger lines and its provider response: every line naming the run or its trace. */
    static Template template(String runId, String tracePrefix, String jobId, String runSession) throws Exception {
        List<String> lines = new ArrayList<>();
        String trace = null;
        for (String l : Files.readAllLines(LOG21)) {
            boolean mine = l.contains(runId) || (trace != null && l.contains("\"traceId\":\"" + trace + "\""));
            if (!mine) continue;
            if (trace == null && l.contains("\"traceId\":\"" + tracePrefix)) {
                int at = l.indexOf("\"traceId\":\"") + 11;
                trace = l.substring(at, l.indexOf('"', at));
            }
            lines.add(l);
        }
        assertThat(lines).as("the template run's lines").anyMatch(l -> l.contains("[model-fetch] response"));
        return new Template(lines, runId, trace, jobId, runSession);
    }

    /** The template's lines at {@code at}, as a new run (and, for a cron run, of job {@code jobId}). */
    public static List<String> instance(Template t, Instant at, String jobId) {
        String run = UUID.randomUUID().toString();
        String trace = UUID.randomUUID().toString().replace("-", "");
        String session = UUID.randomUUID().toString();
        List<String> out = new ArrayList<>();
        for (String l : t.lines()) {
            String s = l.replace(t.runId(), run).replace(t.traceId(), trace);
            if (t.jobId() != null) s = s.replace(t.jobId(), jobId).replace(t.runSession(), session);
            s = s.replaceAll("\"time\":\"[^\"]+\"", "\"time\":\"" + at + "\"")
                    .replaceAll("\"date\":\"[^\"]+\"", "\"date\":\"" + at + "\"");
            out.add(s);
        }
        return out;
    }

    static Path dayOfLoad(Path dir) throws Exception {
        Template hb = heartbeat();
        Template cron = cron();
        List<String> lines = new ArrayList<>();
        for (int minute = 0; minute < 24 * 60; minute++) {
            Instant at = DAY.plus(Duration.ofMinutes(minute));
            if (minute % 30 == 7) lines.addAll(instance(hb, at.plusSeconds(5), null));
            if (minute % 30 == 0) lines.addAll(instance(cron, at.plusSeconds(1), ANALYST));
            if (minute % 10 == 0) lines.addAll(instance(cron, at.plusSeconds(2), ACCUMULATOR));
        }
        Path log = dir.resolve("openclaw-2026-11-20.log");
        Files.write(log, lines);
        return log;
    }

    @Test
    void loadCountsTheHeartbeatTheAnalystAndTheAccumulator(@TempDir Path dir) throws Exception {
        Path log = dayOfLoad(dir);
        GatewayConfig gateway = new OpenClawConfigReader().read(LoadCaptureTest.FX.resolve("configs/21-heartbeat-and-cron-load-openclaw.json"));
        LoadReport r = LoadRunner.run(GatewardenConfig.defaults().pipeline(), GatewardenConfig.defaults().gateway().domains(), List.of(log), gateway,
                Map.of(ANALYST, "analyst", ACCUMULATOR, "accumulator"), ZoneOffset.UTC, 1).report();
        Map<String, Long> byWho = new TreeMap<>();
        r.sources().forEach(s -> byWho.merge(s.who(), s.calls(), Long::sum));
        assertThat(byWho).containsExactlyInAnyOrderEntriesOf(Map.of(
                "main heartbeat", 48L, "main cron analyst", 48L, "main cron accumulator", 144L));
        assertThat(r.calls()).isEqualTo(240);
        assertThat(r.backgroundShare()).isEqualTo(1.0);
        assertThat(r.sources()).allSatisfy(s -> assertThat(s.perDay()).containsExactly(Map.entry("2026-11-20", s.calls())));
        // every 10 minutes analyst and accumulator start in the same minute on the one key
        assertThat(r.busiestMinutes()).hasSize(1);
        assertThat(r.busiestMinutes().get(0).minutes().get(0).who()).containsOnlyKeys("main cron analyst", "main cron accumulator");
        String text = LoadTextReport.write(r);
        assertThat(text).containsPattern("main heartbeat\\s+fakeoa/main-ok\\s+fp:\\w+\\s+48 ")
                .containsPattern("main cron analyst\\s+fakeoa/main-ok\\s+fp:\\w+\\s+48 ")
                .containsPattern("main cron accumulator\\s+fakeoa/main-ok\\s+fp:\\w+\\s+144 ");
    }

    @Test
    void theProjectionSaysWhatTheFixSaves() throws Exception {
        Path cfg = Files.writeString(Files.createTempFile("incident", ".json"), """
                { agents: { defaults: { model: { primary: "anthropic/claude-sonnet-4-5" }, heartbeat: { every: "30m" } } },
                  models: { providers: { anthropic: { apiKey: "sk-ant-incident-000" } } } }
                """);
        GatewayConfig gateway = new OpenClawConfigReader().read(cfg);
        List<CronJob> jobs = List.of(
                new CronJob("j1", "analyst", "main", true, "agentTurn", "every", null, 1_800_000, 0L, null, null, null),
                new CronJob("j2", "accumulator", "main", true, "agentTurn", "every", null, 600_000, 0L, null, null, null));
        ScheduleReport s = new ScheduleProjection(gateway, null, ZoneOffset.UTC).project(jobs, List.of(), LocalDate.of(2026, 11, 20));
        assertThat(s.schedules()).extracting(ScheduleReport.Scheduled::who, ScheduleReport.Scheduled::perDay)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("main heartbeat", 48.0),
                        org.assertj.core.groups.Tuple.tuple("main cron analyst", 48.0),
                        org.assertj.core.groups.Tuple.tuple("main cron accumulator", 144.0));
        assertThat(s.projectedPerDay()).isEqualTo(240);
        assertThat(s.suggestions()).contains("heartbeat of main every 30m → 4h saves 42 calls/day",
                "`accumulator` fires 144 times a day → every 30m saves 96 calls/day");
    }
}
