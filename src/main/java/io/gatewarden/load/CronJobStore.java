package io.gatewarden.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the gateway's automation jobs, read-only: the {@code cron_jobs} table of its SQLite state DB
 * ({@code ~/.openclaw/state/openclaw.sqlite}, OpenClaw 2026.9.6: one JSON document per job in {@code job_json}), and
 * the legacy {@code cron/jobs.json} ({@code {"jobs": [ … ]}}) of older installs. The DB is opened with SQLite's
 * read-only flag and a busy timeout, so a running gateway's writes are never blocked or changed.
 */
public final class CronJobStore {
    /** Where the gateway keeps its state DB, relative to the folder of openclaw.json (its state dir). */
    public static final String STATE_DB = "state/openclaw.sqlite";
    public static final String LEGACY_JOBS = "cron/jobs.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was read, and from where (for the report). */
    public record Jobs(List<CronJob> jobs, List<Path> sources) {}

    private CronJobStore() {}

    /** The jobs next to {@code openclawJson}: the state DB, else the legacy jobs.json; none when neither exists. */
    public static Jobs near(Path openclawJson) throws IOException {
        Path dir = openclawJson.toAbsolutePath().getParent();
        Path db = dir.resolve(STATE_DB);
        if (Files.isRegularFile(db)) return new Jobs(readDb(db), List.of(db));
        Path legacy = dir.resolve(LEGACY_JOBS);
        if (Files.isRegularFile(legacy)) return new Jobs(readLegacy(legacy), List.of(legacy));
        return new Jobs(List.of(), List.of());
    }

    /** Every row of {@code cron_jobs}; a DB without that table has no jobs. */
    public static List<CronJob> readDb(Path db) throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setBusyTimeout(2000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), config.toProperties());
             Statement st = c.createStatement()) {
            try (ResultSet t = st.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cron_jobs'")) {
                if (!t.next()) return List.of();
            }
            List<CronJob> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(
                    "SELECT job_id, name, agent_id, enabled, payload_kind, job_json FROM cron_jobs ORDER BY sort_order, job_id")) {
                while (rs.next()) {
                    JsonNode job = parse(rs.getString("job_json"), db);
                    out.add(job(job, rs.getString("job_id"), rs.getString("name"), rs.getString("agent_id"),
                            rs.getInt("enabled") != 0, rs.getString("payload_kind")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IOException("cannot read cron jobs from " + db + ": " + e.getMessage(), e);
        }
    }

    /** The legacy {@code {"jobs": [ … ]}} file (or a bare array). */
    public static List<CronJob> readLegacy(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode jobs = root != null && root.isArray() ? root : root == null ? null : root.path("jobs");
        if (jobs == null || !jobs.isArray()) throw new IOException(file + ": no \"jobs\" array");
        List<CronJob> out = new ArrayList<>();
        for (JsonNode j : jobs) {
            out.add(job(j, text(j, "id"), text(j, "name"), text(j, "agentId"), !j.has("enabled") || j.path("enabled").asBoolean(true),
                    text(j.path("payload"), "kind")));
        }
        return out;
    }

    private static JsonNode parse(String json, Path db) throws IOException {
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (IOException e) {
            throw new IOException(db + ": a cron_jobs row holds invalid JSON: " + e.getMessage(), e);
        }
    }

    private static CronJob job(JsonNode j, String id, String name, String agent, boolean enabled, String payloadKind) {
        JsonNode s = j.path("schedule");
        JsonNode payload = j.path("payload");
        return new CronJob(id != null ? id : text(j, "id"), name != null ? name : text(j, "name"),
                agent != null ? agent : text(j, "agentId"), enabled,
                payloadKind != null ? payloadKind : text(payload, "kind"), text(s, "kind"), text(s, "expr"),
                s.path("everyMs").asLong(0), s.has("anchorMs") ? s.path("anchorMs").asLong() : null,
                s.has("staggerMs") ? s.path("staggerMs").asLong() : null, text(s, "tz"), text(payload, "model"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
