package io.gatewarden.load;

import io.gatewarden.cli.GatewardenMain;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.OpenClawConfigReader;
import io.gatewarden.lint.FindingCode;
import io.gatewarden.lint.ScheduleCollisionRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second incident behind issue 16: three AI cron jobs at {@code 0 9 * * *} on one key hit the same rate limit in
 * the same minute; staggering them (09:00, 09:15, 09:30) was the fix. The jobs sit in a state DB built with the
 * gateway's own {@code cron_jobs} schema (fixture 21's), the way the gateway stores them.
 */
class ScheduleCollisionTest {
    static final String CONFIG = """
            { agents: { defaults: { model: { primary: "anthropic/claude-sonnet-4-5" }, heartbeat: { every: "0m" } } },
              models: { providers: { anthropic: { apiKey: "sk-ant-collide-000" } } } }
            """;

    /** openclaw.json plus state/openclaw.sqlite holding the given jobs (job_json as the gateway writes it). */
    static Path gatewayHome(Path dir, String... jobs) throws Exception {
        Path cfg = Files.writeString(dir.resolve("openclaw.json"), CONFIG);
        Files.createDirectories(dir.resolve("state"));
        String schema = Files.readString(LoadCaptureTest.FX.resolve("cli-output/21-heartbeat-and-cron-load-cron_jobs.sql"));
        schema = schema.substring(schema.indexOf("CREATE TABLE"), schema.indexOf("INSERT INTO"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/openclaw.sqlite"));
             Statement st = c.createStatement()) {
            st.executeUpdate(schema.substring(0, schema.indexOf(';')));
            int n = 0;
            for (String name : jobs) {
                String id = "job-" + (++n);
                String json = "{\"id\":\"" + id + "\",\"agentId\":\"main\",\"name\":\"" + name + "\",\"enabled\":true,"
                        + "\"schedule\":{\"kind\":\"cron\",\"expr\":\"0 9 * * *\"},\"sessionTarget\":\"isolated\","
                        + "\"payload\":{\"kind\":\"agentTurn\",\"message\":\"report\"},\"state\":{}}";
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO cron_jobs (store_key, job_id, name, enabled,"
                        + " agent_id, payload_kind, job_json, sort_order, updated_at) VALUES (?, ?, ?, 1, 'main', 'agentTurn', ?, ?, 0)")) {
                    ps.setString(1, dir.resolve("cron/jobs.json").toString());
                    ps.setString(2, id);
                    ps.setString(3, name);
                    ps.setString(4, json);
                    ps.setInt(5, n);
                    ps.executeUpdate();
                }
            }
        }
        return cfg;
    }

    @Test
    void threeJobsAtNineOnOneKeyCollideAndAreStaggered(@TempDir Path dir) throws Exception {
        Path cfg = gatewayHome(dir, "news-digest", "inbox-triage", "market-report");
        GatewayConfig gateway = new OpenClawConfigReader().read(cfg);
        CronJobStore.Jobs jobs = CronJobStore.near(cfg);
        assertThat(jobs.jobs()).hasSize(3);
        ScheduleReport s = new ScheduleProjection(gateway, null, ZoneOffset.UTC).project(jobs.jobs(), jobs.sources(), LocalDate.of(2026, 12, 7));
        assertThat(s.collisions()).hasSize(1);
        ScheduleReport.Collision c = s.collisions().get(0);
        assertThat(c.sources()).containsExactly("main cron inbox-triage", "main cron market-report", "main cron news-digest");
        assertThat(c.minutesPerDay()).isEqualTo(1);
        assertThat(c.firstMinutes()).containsExactly("09:00");
        assertThat(c.suggestions()).containsExactly("stagger `market-report` by 15 min (09:15 instead of 09:00)",
                "stagger `news-digest` by 30 min (09:30 instead of 09:00)");
        assertThat(ScheduleCollisionRule.findings(s)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.SCHEDULE_COLLISION);
            assertThat(f.message()).contains("3 AI schedules fire together at 09:00");
            assertThat(f.fix()).contains("stagger `market-report` by 15 min");
        });
    }

    @Test
    void staggeredJobsDoNotCollide(@TempDir Path dir) throws Exception {
        Path cfg = gatewayHome(dir, "news-digest");
        GatewayConfig gateway = new OpenClawConfigReader().read(cfg);
        List<CronJob> jobs = List.of(
                new CronJob("a", "a", "main", true, "agentTurn", "cron", "0 9 * * *", 0, null, null, null, null),
                new CronJob("b", "b", "main", true, "agentTurn", "cron", "15 9 * * *", 0, null, null, null, null),
                new CronJob("c", "c", "main", true, "agentTurn", "cron", "0 9 * * *", 0, null, 0L, null, "openai/gpt-5"),
                new CronJob("d", "d", "main", true, "command", "cron", "0 9 * * *", 0, null, null, null, null));
        ScheduleReport s = new ScheduleProjection(gateway, null, ZoneOffset.UTC).project(jobs, List.of(), LocalDate.of(2026, 12, 7));
        // c runs on another provider's key, d is a shell command (no model call): nothing shares a minute and a key
        assertThat(s.collisions()).isEmpty();
        assertThat(s.schedules()).extracting(ScheduleReport.Scheduled::name).containsExactly("a", "b", "c");
    }

    @Test
    void checkReportsTheCollisionInTextAndJson(@TempDir Path dir) throws Exception {
        Path cfg = gatewayHome(dir, "news-digest", "inbox-triage", "market-report");
        String text = run("check", cfg.toString());
        assertThat(text).contains("3 AI schedules fire together at 09:00").contains("stagger `market-report` by 15 min");
        String json = run("check", "--format", "json", cfg.toString());
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(node.toString()).contains("\"schedule_collision\"").contains("warning");
    }

    static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new GatewardenMain());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.execute(args);
        return out.toString();
    }
}
