package io.gatewarden.breaker;

import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.util.Map;

/** Hand-made events for tests, in the shapes the parser produces. */
public final class Events {
    private Events() {}

    public static GatewayEvent attemptFailed(Instant t, String runId, String ref, String reason) {
        String[] pm = ref.split("/", 2);
        return MiniOpenClawParser.ev(EventType.RUN_ATTEMPT_FAILED, t, 4, runId, pm[0], pm[1], null, reason, 0, "attempt failed", Map.of(), null);
    }

    public static GatewayEvent fetch(Instant t, String ref, int status) {
        String[] pm = ref.split("/", 2);
        return MiniOpenClawParser.ev(EventType.MODEL_FETCH, t, 3, null, pm[0], pm[1], null, null, status, null, Map.of(), null);
    }

    public static GatewayEvent retry(Instant t, String ref, String reason) {
        String[] pm = ref.split("/", 2);
        return MiniOpenClawParser.ev(EventType.SAME_MODEL_RETRY, t, 4, null, pm[0], pm[1], null, reason, 0, null, Map.of(), null);
    }

    public static GatewayEvent failover(Instant t, String runId, String ref, String profile, String reason, int status) {
        String[] pm = ref.split("/", 2);
        return MiniOpenClawParser.ev(EventType.RUN_FAILOVER_DECISION, t, 4, runId, pm[0], pm[1], profile, reason, status, null, Map.of(), null);
    }

    public static GatewayEvent candidateFailed(Instant t, String runId, String ref, String reason, int status) {
        String[] pm = ref.split("/", 2);
        return MiniOpenClawParser.ev(EventType.FALLBACK_CANDIDATE_FAILED, t, 4, runId, pm[0], pm[1], null, reason, status, null, Map.of(), null);
    }

    public static GatewayEvent skipped(Instant t, String runId, String ref, String reason) {
        String[] pm = ref.split("/", 2);
        return MiniOpenClawParser.ev(EventType.FALLBACK_CANDIDATE_SKIPPED, t, 4, runId, pm[0], pm[1], null, reason, 0,
                "Provider " + pm[0] + " is in cooldown", Map.of(), null);
    }

    public static GatewayEvent succeeded(Instant t, String runId, String ref) {
        String[] pm = ref.split("/", 2);
        return MiniOpenClawParser.ev(EventType.FALLBACK_CANDIDATE_SUCCEEDED, t, 4, runId, pm[0], pm[1], null, null, 0, null, Map.of(), null);
    }

    public static GatewayEvent profileCooldown(Instant t, String provider, String profileHash, Instant until) {
        return MiniOpenClawParser.ev(EventType.PROFILE_FAILURE_STATE, t, 4, null, provider, null, profileHash, "rate_limit", 0, null,
                Map.of("windowType", "cooldown", "cooldownUntil", Long.toString(until.toEpochMilli())), null);
    }

    public static GatewayEvent reloadApplied(Instant t, String paths) {
        return MiniOpenClawParser.ev(EventType.CONFIG_RELOAD_APPLIED, t, 3, null, null, null, null, null, 0, paths, Map.of(),
                "config hot reload applied (" + paths + ")");
    }

    public static GatewayEvent reloadSkipped(Instant t, String why) {
        return MiniOpenClawParser.ev(EventType.CONFIG_RELOAD_SKIPPED, t, 4, null, null, null, null, null, 0, why, Map.of(),
                "config reload skipped (invalid config): " + why);
    }
}
