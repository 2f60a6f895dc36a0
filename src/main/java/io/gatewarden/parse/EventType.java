package io.gatewarden.parse;

/** What a gateway log line means to the watchdog. One line maps to exactly one type. */
public enum EventType {
    /** model_fallback_decision with decision=candidate_failed: a rung touched the network and failed. */
    FALLBACK_CANDIDATE_FAILED,
    /** model_fallback_decision with decision=skip_candidate: a rung was never tried (cooldown, no key, ...). */
    FALLBACK_CANDIDATE_SKIPPED,
    /** model_fallback_decision with decision=candidate_succeeded: a fallback rung answered. */
    FALLBACK_CANDIDATE_SUCCEEDED,
    /** The fallback chain ended with no rung left (fallbackStepFinalOutcome=chain_exhausted or "All models failed"). */
    CHAIN_EXHAUSTED,
    /** "model fallback chain stopped": the run was aborted by its client; not a provider failure. */
    FALLBACK_CHAIN_STOPPED,
    /** "transient same-model retry n/N for provider/model reason=...": a retry inside one run. */
    SAME_MODEL_RETRY,
    /** "transient retry window elapsed for provider/model ...": the gateway gave up retrying one model. */
    RETRY_WINDOW_ELAPSED,
    /** embedded_run_failover_decision: the run leaves a model (reason, status, retryCount). */
    RUN_FAILOVER_DECISION,
    /** embedded_run_agent_end with isError=true: one model attempt of a run ended in error. */
    RUN_ATTEMPT_FAILED,
    /** auth_profile_failure_state_updated: the gateway put a profile into cooldown or disabled it. */
    PROFILE_FAILURE_STATE,
    /** No API key found for provider "X": a rung without credentials. */
    MISSING_API_KEY,
    /** Unknown model: provider/model. */
    UNKNOWN_MODEL,
    /** "context overflow detected" / "Context overflow: prompt too large": the session outgrew its window. */
    CONTEXT_OVERFLOW,
    /** Context usage reported by preflight compaction (DEBUG): tokens used against the window. */
    CONTEXT_USAGE,
    /** The provider rejected the request shape (reason=format, e.g. tool_use_id mismatch). */
    REQUEST_REJECTED,
    /** "[model-fetch] response provider=... status=...": one HTTP exchange with a provider. */
    MODEL_FETCH,
    /** "lane task error: ...": a lane (queue) reported a failed task. */
    LANE_ERROR,
    /**
     * "res ✓ agent …": the gateway accepted an agent request and started the run. It is logged when the
     * request is acknowledged (a few ms after it arrives), before any model is called, so it says nothing
     * about the run's outcome: the same runId may later end in "res ✗ agent" or a chain exhaustion.
     */
    RUN_ACCEPTED,
    /** "[agent] run X ended with stopReason=stop": a run completed. */
    RUN_SUCCEEDED,
    /** "res ✗ agent errorCode=..." (or "[agent] run X ended with stopReason=error"): the gateway answered an agent call with an error. */
    RUN_FAILED,
    /** "config change detected; evaluating reload (...)". */
    CONFIG_CHANGE_DETECTED,
    /** "config hot reload applied (paths)". */
    CONFIG_RELOAD_APPLIED,
    /** "config reload skipped (invalid config): reason". */
    CONFIG_RELOAD_SKIPPED,
    /** "config change requires gateway restart (paths)". */
    CONFIG_RESTART_REQUIRED,
    /** "loading configuration…" / "starting...": the gateway process is booting. */
    GATEWAY_STARTING,
    /** "gateway ready": the gateway finished booting. */
    GATEWAY_READY,
    /** "received SIGUSR2; restarting". */
    GATEWAY_RESTARTING,
    /** "received SIGTERM; shutting down" (or SIGINT). */
    GATEWAY_STOPPING,
    /** "shutdown completed cleanly in Nms". */
    GATEWAY_STOPPED,
    /** "[openclaw] OpenClaw hit an unexpected runtime error." or an uncaught exception line. */
    GATEWAY_CRASHED,
    /** A well-formed line we have no rule for. Never an error. */
    GENERIC,
    /** Not a JSON object / not a tslog line. Counted and skipped by the pipeline. */
    MALFORMED
}
