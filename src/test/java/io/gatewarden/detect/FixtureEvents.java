package io.gatewarden.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-only stand-in for the OpenClaw parser (written elsewhere): maps the fixture lines the detectors care about
 * to events, following EventType's contract, so the detectors can be run over real captures. Not a parser to ship.
 */
final class FixtureEvents {
    static final Path LOGS = Path.of("src/test/resources/fixtures/openclaw/logs");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RETRY = Pattern.compile("transient same-model retry (\\d+)/(\\d+) for ([^/\\s]+)/(\\S+) reason=(\\w+)");
    private static final Pattern ELAPSED = Pattern.compile("transient retry window elapsed for ([^/\\s]+)/(\\S+) after (\\d+)/(\\d+)");
    private static final Pattern FETCH = Pattern.compile("\\[model-fetch] response provider=(\\S+) .*?model=(\\S+) status=(\\d+)");
    private static final Pattern LANE = Pattern.compile("lane task error: .*? error=\"(.*)\"?$");
    private static final Pattern RES_FAIL = Pattern.compile("res ✗ agent (errorCode=\\S+ errorMessage=.*?) runId=(\\S+)");
    private static final Pattern AGENT_END = Pattern.compile("\\[agent] run (\\S+) ended with stopReason=stop");
    private static final Pattern OVERFLOW_FOR = Pattern.compile("for ([^/\\s]+)/(\\S+)$");

    private FixtureEvents() {}

    static List<GatewayEvent> load(String fileName) throws IOException {
        List<GatewayEvent> out = new ArrayList<>();
        for (String line : Files.readAllLines(LOGS.resolve(fileName))) {
            if (!line.isBlank()) out.add(map(JSON.readTree(line)));
        }
        return out;
    }

    private static GatewayEvent map(JsonNode n) {
        String msg = n.path("message").asText("");
        String raw = msg.length() > 300 ? msg.substring(0, 300) : msg;
        int level = n.path("_meta").path("logLevelId").asInt(0);
        var time = OffsetDateTime.parse(n.path("time").asText()).toInstant();
        JsonNode one = n.path("1");
        E e = new E(EventType.GENERIC, time, level, raw);
        if (one.isObject() && one.has("event")) {
            String ev = one.path("event").asText();
            e.run = text(one, "runId");
            e.session = text(one, "sessionId");
            switch (ev) {
                case "model_fallback_decision" -> {
                    String d = one.path("decision").asText();
                    boolean exhausted = "chain_exhausted".equals(text(one, "fallbackStepFinalOutcome"));
                    e.type = exhausted ? EventType.CHAIN_EXHAUSTED : switch (d) {
                        case "candidate_failed" -> EventType.FALLBACK_CANDIDATE_FAILED;
                        case "skip_candidate" -> EventType.FALLBACK_CANDIDATE_SKIPPED;
                        case "candidate_succeeded" -> EventType.FALLBACK_CANDIDATE_SUCCEEDED;
                        default -> EventType.GENERIC;
                    };
                    e.provider = text(one, "candidateProvider");
                    e.model = text(one, "candidateModel");
                    e.reason = text(one, "reason");
                    e.status = one.path("status").asInt(0);
                    e.detail = text(one, "errorPreview");
                    e.attr("attempt", text(one, "attempt"));
                    e.attr("total", text(one, "total"));
                    e.attr("nextProvider", text(one, "nextCandidateProvider"));
                    e.attr("nextModel", text(one, "nextCandidateModel"));
                }
                case "model_fallback_chain_stopped" -> e.type = EventType.FALLBACK_CHAIN_STOPPED;
                case "embedded_run_agent_end" -> {
                    if (one.path("isError").asBoolean(false)) {
                        e.type = EventType.RUN_ATTEMPT_FAILED;
                        e.provider = text(one, "provider");
                        e.model = text(one, "model");
                        e.reason = text(one, "failoverReason");
                        e.status = parseInt(text(one, "httpCode"));
                        e.detail = text(one, "error");
                    }
                }
                case "embedded_run_failover_decision" -> {
                    e.type = EventType.RUN_FAILOVER_DECISION;
                    e.provider = text(one, "provider");
                    e.model = text(one, "model");
                    e.reason = text(one, "failoverReason");
                    e.status = one.path("status").asInt(0);
                    e.profile = text(one, "profileId");
                    e.detail = text(one, "rawErrorPreview");
                    e.attr("retryCount", text(one, "retryCount"));
                }
                case "auth_profile_failure_state_updated" -> {
                    e.type = EventType.PROFILE_FAILURE_STATE;
                    e.provider = text(one, "provider");
                    e.profile = text(one, "profileId");
                    e.reason = text(one, "reason");
                    e.attr("windowType", text(one, "windowType"));
                    e.attr("disabledUntil", text(one, "disabledUntil"));
                }
                default -> { }
            }
            return e.build();
        }
        Matcher m;
        if ((m = RETRY.matcher(msg)).find()) {
            e.type = EventType.SAME_MODEL_RETRY;
            e.provider = m.group(3);
            e.model = m.group(4);
            e.reason = m.group(5);
            e.attr("retry", m.group(1));
            e.attr("of", m.group(2));
        } else if ((m = ELAPSED.matcher(msg)).find()) {
            e.type = EventType.RETRY_WINDOW_ELAPSED;
            e.provider = m.group(1);
            e.model = m.group(2);
        } else if ((m = FETCH.matcher(msg)).find()) {
            e.type = EventType.MODEL_FETCH;
            e.provider = m.group(1);
            e.model = m.group(2);
            e.status = Integer.parseInt(m.group(3));
        } else if ((m = LANE.matcher(msg)).find()) {
            e.type = EventType.LANE_ERROR;
            e.detail = m.group(1);
        } else if ((m = RES_FAIL.matcher(msg)).find()) {
            e.type = EventType.RUN_FAILED;
            e.detail = m.group(1);
            e.run = m.group(2);
        } else if (msg.startsWith("[openclaw] Reason: All models failed")) {
            e.type = EventType.CHAIN_EXHAUSTED;
            e.detail = msg.substring("[openclaw] Reason: ".length());
        } else if ((m = AGENT_END.matcher(msg)).find()) {
            e.type = EventType.RUN_SUCCEEDED;
            e.run = m.group(1);
        } else if (msg.startsWith("context overflow detected") || msg.startsWith("Context overflow: prompt too large")) {
            e.type = EventType.CONTEXT_OVERFLOW;
            e.detail = msg;
            if ((m = OVERFLOW_FOR.matcher(msg)).find()) {
                e.provider = m.group(1);
                e.model = m.group(2);
            }
        } else if (msg.startsWith("config hot reload applied")) {
            e.type = EventType.CONFIG_RELOAD_APPLIED;
            e.detail = between(msg, "(", ")");
        } else if (msg.startsWith("config reload skipped (invalid config): ")) {
            e.type = EventType.CONFIG_RELOAD_SKIPPED;
            e.detail = msg.substring("config reload skipped (invalid config): ".length());
        } else if (msg.startsWith("config change detected")) {
            e.type = EventType.CONFIG_CHANGE_DETECTED;
        } else if (msg.startsWith("config change requires gateway restart")) {
            e.type = EventType.CONFIG_RESTART_REQUIRED;
        } else if (msg.startsWith("received SIGUSR2")) {
            e.type = EventType.GATEWAY_RESTARTING;
            e.detail = msg;
        } else if (msg.startsWith("received SIGTERM") || msg.startsWith("received SIGINT")) {
            e.type = EventType.GATEWAY_STOPPING;
            e.detail = msg;
        } else if (msg.startsWith("shutdown completed cleanly")) {
            e.type = EventType.GATEWAY_STOPPED;
            e.detail = msg;
        } else if (msg.equals("loading configuration…") || msg.equals("starting...")) {
            e.type = EventType.GATEWAY_STARTING;
        } else if (msg.equals("gateway ready")) {
            e.type = EventType.GATEWAY_READY;
        } else if (msg.contains("OpenClaw hit an unexpected runtime error")) {
            e.type = EventType.GATEWAY_CRASHED;
            e.detail = msg;
        }
        return e.build();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String between(String s, String a, String b) {
        int i = s.indexOf(a);
        int j = s.lastIndexOf(b);
        return i >= 0 && j > i ? s.substring(i + 1, j) : null;
    }

    /** Mutable fields while one line is mapped. */
    private static final class E {
        EventType type;
        final java.time.Instant time;
        final int level;
        final String raw;
        String run, session, provider, model, profile, reason, detail;
        int status;
        final Map<String, String> attrs = new LinkedHashMap<>();

        E(EventType type, java.time.Instant time, int level, String raw) {
            this.type = type;
            this.time = time;
            this.level = level;
            this.raw = raw;
        }

        void attr(String k, String v) {
            if (v != null) attrs.put(k, v);
        }

        GatewayEvent build() {
            return new GatewayEvent(type, time, level, null, run, session, null, provider, model, profile, reason, status,
                    detail, Map.copyOf(attrs), raw);
        }
    }
}
