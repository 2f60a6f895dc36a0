package io.gatewarden.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON the openclaw CLI prints. Lenient about what it does not need (unknown fields, extra log lines
 * before the JSON), strict about what it does: a missing top-level shape is an error with a clear message.
 * <ul>
 *   <li>{@code models status --json}: {@code auth.unusableProfiles[]} with profileId, provider, kind, reason,
 *       until (epoch ms), remainingMs, recoveryHint (captured in fixtures/openclaw/cli-output/).</li>
 *   <li>{@code sessions --json}: {@code {path, count, totalCount, hasMore, sessions: [{key, sessionId, agentId,
 *       updatedAt (epoch ms), totalTokens|null, totalTokensFresh, contextTokens|null, modelProvider, model, ...}]}}
 *       (openclaw 2026.9.6, dist/sessions-*.mjs, the {@code opts.json} branch of sessionsCommand, rows built by
 *       toSessionDisplayRow in dist/sessions-table-*.mjs).</li>
 * </ul>
 */
public final class StatusJson {
    private final ObjectMapper mapper = new ObjectMapper();
    private final int maxSessions;

    public StatusJson(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    public List<UnusableProfile> unusableProfiles(String output) throws IOException {
        JsonNode root = object(output, "models status");
        JsonNode auth = root.get("auth");
        if (auth == null || !auth.isObject()) throw new IOException("models status output has no \"auth\" object");
        JsonNode list = auth.path("unusableProfiles");
        List<UnusableProfile> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) return out;
        if (!list.isArray()) throw new IOException("auth.unusableProfiles is not a list");
        for (JsonNode p : list) {
            if (!p.isObject()) continue;
            out.add(new UnusableProfile(text(p, "profileId"), text(p, "provider"), text(p, "kind"), text(p, "reason"),
                    epochMs(p.get("until")), p.path("remainingMs").isNumber() ? Duration.ofMillis(p.get("remainingMs").asLong()) : null,
                    text(p, "recoveryHint")));
        }
        return out;
    }

    public List<SessionUsage> sessions(String output) throws IOException {
        JsonNode root = object(output, "sessions");
        JsonNode list = root.get("sessions");
        if (list == null || !list.isArray()) throw new IOException("sessions output has no \"sessions\" list");
        List<SessionUsage> out = new ArrayList<>();
        for (JsonNode s : list) {
            if (!s.isObject()) continue;
            String key = text(s, "key");
            if (key == null) continue;
            if (out.size() >= maxSessions) break;
            JsonNode fresh = s.get("totalTokensFresh");
            out.add(new SessionUsage(key, text(s, "sessionId"), text(s, "agentId"), text(s, "modelProvider"), text(s, "model"),
                    positiveLong(s.get("totalTokens")), positiveLong(s.get("contextTokens")),
                    fresh == null || !fresh.isBoolean() || fresh.asBoolean(), epochMs(s.get("updatedAt"))));
        }
        return out;
    }

    /** The first JSON object in the output (the CLI may print plugin log lines before it). */
    private JsonNode object(String output, String what) throws IOException {
        if (output == null || output.isBlank()) throw new IOException(what + " printed nothing");
        int start = output.indexOf('{');
        if (start < 0) throw new IOException(what + " output is not JSON: " + head(output));
        JsonNode root;
        try {
            root = mapper.readTree(output.substring(start));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(what + " output is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) throw new IOException(what + " output is not a JSON object");
        return root;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static Long positiveLong(JsonNode v) {
        if (v == null || !v.isNumber()) return null;
        long l = v.asLong();
        return l < 0 ? null : l;
    }

    private static Instant epochMs(JsonNode v) {
        return v != null && v.isNumber() && v.asLong() > 0 ? Instant.ofEpochMilli(v.asLong()) : null;
    }

    private static String head(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() > 120 ? one.substring(0, 120) + "…" : one;
    }
}
