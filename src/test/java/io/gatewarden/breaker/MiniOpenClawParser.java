package io.gatewarden.breaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.parse.LineParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only reader for the OpenClaw lines the breaker and switcher care about, producing events in the shape the
 * real parser (another stage) documents on {@link GatewayEvent}. Lets these tests read real log files.
 */
public final class MiniOpenClawParser implements LineParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RETRY = Pattern.compile("transient same-model retry (\\d+)/(\\d+) for ([^/\\s]+)/(\\S+) reason=(\\w+)");
    private static final Pattern FETCH = Pattern.compile("\\[model-fetch\\] response provider=(\\S+) .*?model=(\\S+) status=(\\d+)");
    private static final Pattern APPLIED = Pattern.compile("config hot reload applied \\((.*)\\)");
    private static final Pattern SKIPPED = Pattern.compile("config reload skipped \\(invalid config\\): (.*)");
    private static final Pattern RUN_END = Pattern.compile("\\[agent\\] run (\\S+) ended with stopReason=(\\w+)");
    private static final Pattern WS_OK = Pattern.compile("res ✓ agent .*runId=(\\S+)");

    public static List<GatewayEvent> parseFile(Path p) throws IOException {
        MiniOpenClawParser parser = new MiniOpenClawParser();
        List<GatewayEvent> out = new ArrayList<>();
        for (String line : Files.readAllLines(p)) out.add(parser.parse(line));
        return out;
    }

    @Override
    public GatewayEvent parse(String line) {
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (IOException e) {
            return GatewayEvent.malformed("not json", line);
        }
        if (o == null || !o.isObject()) return GatewayEvent.malformed("not an object", line);
        Instant time = o.hasNonNull("time") ? OffsetDateTime.parse(o.get("time").asText()).toInstant() : null;
        int level = o.path("_meta").path("logLevelId").asInt(0);
        String raw = line.length() > 400 ? line.substring(0, 400) : line;
        JsonNode a1 = o.get("1");
        if (a1 != null && a1.isObject() && a1.has("event")) return structured(a1, time, level, raw);
        String msg = o.path("message").asText("");
        Matcher m;
        if ((m = RETRY.matcher(msg)).find()) {
            return ev(EventType.SAME_MODEL_RETRY, time, level, null, m.group(3), m.group(4), null, m.group(5), 0, msg,
                    Map.of("retry", m.group(1), "of", m.group(2)), raw);
        }
        if ((m = FETCH.matcher(msg)).find()) {
            return ev(EventType.MODEL_FETCH, time, level, null, m.group(1), m.group(2), null, null, Integer.parseInt(m.group(3)), msg, Map.of(), raw);
        }
        if ((m = APPLIED.matcher(msg)).find()) {
            return ev(EventType.CONFIG_RELOAD_APPLIED, time, level, null, null, null, null, null, 0, m.group(1), Map.of(), raw);
        }
        if ((m = SKIPPED.matcher(msg)).find()) {
            return ev(EventType.CONFIG_RELOAD_SKIPPED, time, level, null, null, null, null, null, 0, m.group(1), Map.of(), raw);
        }
        if ((m = RUN_END.matcher(msg)).find()) {
            return ev(EventType.RUN_SUCCEEDED, time, level, m.group(1), null, null, null, null, 0, msg, Map.of("stopReason", m.group(2)), raw);
        }
        if ((m = WS_OK.matcher(msg)).find()) {
            return ev(EventType.RUN_SUCCEEDED, time, level, m.group(1), null, null, null, null, 0, msg, Map.of(), raw);
        }
        return ev(EventType.GENERIC, time, level, null, null, null, null, null, 0, msg, Map.of(), raw);
    }

    private static GatewayEvent structured(JsonNode a, Instant time, int level, String raw) {
        String event = a.path("event").asText();
        String runId = text(a, "runId");
        int status = a.path("status").asInt(0);
        Map<String, String> attrs = new HashMap<>();
        return switch (event) {
            case "model_fallback_decision" -> {
                String d = a.path("decision").asText();
                EventType t = switch (d) {
                    case "candidate_failed" -> EventType.FALLBACK_CANDIDATE_FAILED;
                    case "skip_candidate" -> EventType.FALLBACK_CANDIDATE_SKIPPED;
                    case "candidate_succeeded" -> EventType.FALLBACK_CANDIDATE_SUCCEEDED;
                    default -> EventType.GENERIC;
                };
                yield ev(t, time, level, runId, text(a, "candidateProvider"), text(a, "candidateModel"), text(a, "profileId"),
                        text(a, "reason"), status, text(a, "errorPreview"), attrs, raw);
            }
            case "embedded_run_agent_end" -> a.path("isError").asBoolean(false)
                    ? ev(EventType.RUN_ATTEMPT_FAILED, time, level, runId, text(a, "provider"), text(a, "model"), null,
                    text(a, "failoverReason"), 0, text(a, "error"), attrs, raw)
                    : ev(EventType.GENERIC, time, level, runId, null, null, null, null, 0, null, attrs, raw);
            case "embedded_run_failover_decision" -> ev(EventType.RUN_FAILOVER_DECISION, time, level, runId, text(a, "provider"),
                    text(a, "model"), text(a, "profileId"), text(a, "failoverReason"), status, text(a, "rawErrorPreview"), attrs, raw);
            case "auth_profile_failure_state_updated" -> {
                for (String k : List.of("windowType", "cooldownUntil", "disabledUntil")) if (a.hasNonNull(k)) attrs.put(k, a.get(k).asText());
                yield ev(EventType.PROFILE_FAILURE_STATE, time, level, runId, text(a, "provider"), null, text(a, "profileId"),
                        text(a, "reason"), 0, null, attrs, raw);
            }
            default -> ev(EventType.GENERIC, time, level, runId, null, null, null, null, 0, null, attrs, raw);
        };
    }

    private static String text(JsonNode a, String k) {
        JsonNode n = a.get(k);
        return n == null || n.isNull() ? null : n.asText();
    }

    public static GatewayEvent ev(EventType type, Instant time, int level, String runId, String provider, String model,
                                  String profile, String reason, int status, String detail, Map<String, String> attrs, String raw) {
        return new GatewayEvent(type, time, level, null, runId, null, null, provider, model, profile, reason, status, detail, attrs, raw);
    }
}
