package io.gatewarden.parse;

import static io.gatewarden.parse.EventFields.*;

/**
 * OpenClaw's structured events: a tslog argument object whose {@code event} names what happened
 * ({@code model_fallback_decision}, {@code embedded_run_failover_decision}, …). See {@link OpenClawRules}
 * for how a failed rung becomes a more specific type.
 */
final class StructuredEvents {
    private StructuredEvents() {}

    /** Fills {@code b} from a known event and returns true; false for an event no rule knows. */
    static boolean apply(String event, EventFields f, EventBuilder b) {
        switch (event) {
            case "model_fallback_decision" -> fallbackDecision(f, b);
            case "model_fallback_chain_stopped" -> chainStopped(f, b);
            case "embedded_run_failover_decision" -> failoverDecision(f, b);
            case "embedded_run_agent_end" -> agentEnd(f, b);
            case "auth_profile_failure_state_updated" -> profileState(f, b);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void fallbackDecision(EventFields f, EventBuilder b) {
        String decision = f.get(DECISION);
        String outcome = f.get(FINAL_OUTCOME);
        String reason = f.get(REASON);
        String preview = f.get(ERROR_PREVIEW);
        b.session(f.get(SESSION_ID));
        b.provider = f.get(CANDIDATE_PROVIDER);
        b.model = f.get(CANDIDATE_MODEL);
        b.reason = reason;
        b.status = status(f);
        b.detail = preview;
        b.attr("decision", decision)
                .attr("outcome", outcome)
                .attr("attempt", f.get(ATTEMPT))
                .attr("total", f.get(TOTAL))
                .attr("nextProvider", f.get(NEXT_PROVIDER))
                .attr("nextModel", f.get(NEXT_MODEL))
                .attr("requestedProvider", f.get(REQUESTED_PROVIDER))
                .attr("requestedModel", f.get(REQUESTED_MODEL))
                .attr("isPrimary", f.get(IS_PRIMARY))
                .attr("errorHash", f.get(ERROR_HASH))
                .attr("source", "decision");
        if ("chain_exhausted".equals(outcome)) {
            b.type(EventType.CHAIN_EXHAUSTED);
            return;
        }
        if (decision == null) return;
        switch (decision) {
            case "candidate_failed" -> b.type(failedRungType(reason, preview));
            case "skip_candidate" -> b.type(EventType.FALLBACK_CANDIDATE_SKIPPED);
            case "candidate_succeeded" -> b.type(EventType.FALLBACK_CANDIDATE_SUCCEEDED);
            default -> { /* a decision this version does not know: GENERIC */ }
        }
    }

    /** A failed rung is about the provider's health unless its reason says the chain or the request is wrong. */
    private static EventType failedRungType(String reason, String preview) {
        if (FailureReasons.FORMAT.equals(reason)) return EventType.REQUEST_REJECTED;
        if (FailureReasons.MODEL_NOT_FOUND.equals(reason)) return EventType.UNKNOWN_MODEL;
        if (FailureReasons.CONTEXT_OVERFLOW.equals(reason)) return EventType.CONTEXT_OVERFLOW;
        if (preview != null && preview.contains(QuotedErrors.NO_API_KEY)) return EventType.MISSING_API_KEY;
        return EventType.FALLBACK_CANDIDATE_FAILED;
    }

    private static void chainStopped(EventFields f, EventBuilder b) {
        b.type(EventType.FALLBACK_CHAIN_STOPPED);
        b.session(f.get(SESSION_ID));
        b.provider = f.get(CANDIDATE_PROVIDER);
        b.model = f.get(CANDIDATE_MODEL);
        b.reason = f.get(REASON);
        b.attr("errorName", f.get(ERROR_NAME));
    }

    private static void failoverDecision(EventFields f, EventBuilder b) {
        String decision = f.get(DECISION);
        fillAttempt(f, b);
        b.profile = f.get(PROFILE_ID);
        b.detail = f.get(RAW_ERROR_PREVIEW);
        b.attr("decision", decision)
                .attr("retryCount", f.get(RETRY_COUNT))
                .attr("stage", f.get(STAGE))
                .attr("aborted", f.get(ABORTED));
        // continue_normal means the run stays on its model: nothing left, nothing to report
        if (decision != null && !decision.equals("continue_normal")) b.type(EventType.RUN_FAILOVER_DECISION);
    }

    private static void agentEnd(EventFields f, EventBuilder b) {
        fillAttempt(f, b);
        b.detail = f.get(ERROR);
        b.attr("providerError", Texts.cap(f.get(RAW_ERROR_PREVIEW), 200));
        if (f.isTrue(IS_ERROR)) b.type(EventType.RUN_ATTEMPT_FAILED);
    }

    /** Fields shared by the per-attempt events of the embedded runner. */
    private static void fillAttempt(EventFields f, EventBuilder b) {
        b.provider = f.get(PROVIDER);
        b.model = f.get(MODEL);
        b.reason = f.get(FAILOVER_REASON);
        b.status = status(f);
        b.attr("errorHash", f.get(RAW_ERROR_HASH)).attr("failureKind", f.get(FAILURE_KIND));
    }

    private static void profileState(EventFields f, EventBuilder b) {
        b.type(EventType.PROFILE_FAILURE_STATE);
        b.profile = f.get(PROFILE_ID);
        b.provider = f.get(PROVIDER);
        b.model = f.get(MODEL);
        b.reason = f.get(REASON);
        String disabledUntil = epochMillisToIso(f.get(DISABLED_UNTIL));
        String cooldownUntil = epochMillisToIso(f.get(COOLDOWN_UNTIL));
        b.attr("windowType", f.get(WINDOW_TYPE))
                .attr("disabledUntil", disabledUntil)
                .attr("cooldownUntil", cooldownUntil)
                .attr("until", disabledUntil != null ? disabledUntil : cooldownUntil)
                .attr("errorCount", f.get(ERROR_COUNT))
                .attr("disabledReason", f.get(DISABLED_REASON));
    }

    private static int status(EventFields f) {
        int s = f.intValue(STATUS);
        if (s < 0) s = f.intValue(HTTP_CODE);
        return Math.max(s, 0);
    }

    private static String epochMillisToIso(String ms) {
        long v = Texts.toLong(ms);
        if (v < 0) return null;
        java.time.Instant t = IsoTimes.ofEpochMillis(v);
        return t == null ? null : t.toString();
    }
}
