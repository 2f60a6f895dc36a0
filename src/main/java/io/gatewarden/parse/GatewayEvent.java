package io.gatewarden.parse;

import java.time.Instant;
import java.util.Map;

/**
 * One typed event from a gateway log line. Fields a line does not carry are null (status: 0).
 *
 * @param type      what the line means
 * @param time      the line's own timestamp (never the time we read it)
 * @param level     tslog logLevelId: 1 TRACE, 2 DEBUG, 3 INFO, 4 WARN, 5 ERROR, 6 FATAL (0 unknown)
 * @param subsystem logger subsystem, e.g. "agent/embedded"
 * @param runId     the gateway's run id; a run is one user request across all its retries and fallbacks
 * @param session   session id
 * @param agent     agent id
 * @param provider  the provider the event is about (the failing/skipped candidate for fallback decisions)
 * @param model     the model id without provider prefix
 * @param profile   auth profile id as logged (hashed in OpenClaw logs, e.g. "sha256:3b94924e0061")
 * @param reason    failure reason as the gateway classifies it: rate_limit, overloaded, billing, auth, model_not_found, format, ...
 * @param status    HTTP status when known, else 0
 * @param detail    a short human text: error preview, reload paths, ...
 * @param attrs     further fields worth keeping (small; e.g. attempt, retry, retryOf, windowType, disabledUntil, nextProvider, nextModel)
 * @param raw       the original line, truncated for evidence (never more than a few hundred chars)
 * @param trace     the line's trace id (OpenClaw's {@code traceId}): every line of one run shares it, including the
 *                  lines that name no runId ({@code [model-fetch]}, lane errors), so it ties them to their run
 */
public record GatewayEvent(
        EventType type,
        Instant time,
        int level,
        String subsystem,
        String runId,
        String session,
        String agent,
        String provider,
        String model,
        String profile,
        String reason,
        int status,
        String detail,
        Map<String, String> attrs,
        String raw,
        String trace) {

    public GatewayEvent {
        attrs = attrs == null ? Map.of() : attrs;
    }

    /** An event without a trace id (parsers of logs that have none, tests). */
    public GatewayEvent(EventType type, Instant time, int level, String subsystem, String runId, String session,
                        String agent, String provider, String model, String profile, String reason, int status,
                        String detail, Map<String, String> attrs, String raw) {
        this(type, time, level, subsystem, runId, session, agent, provider, model, profile, reason, status, detail,
                attrs, raw, null);
    }

    /** "provider/model", or null when either is missing. */
    public String modelRef() {
        return provider == null || model == null ? null : provider + "/" + model;
    }

    public String attr(String key) {
        return attrs.get(key);
    }

    public static GatewayEvent malformed(String reason, String raw) {
        return new GatewayEvent(EventType.MALFORMED, null, 0, null, null, null, null, null, null, null,
                reason, 0, reason, Map.of(), raw);
    }
}
