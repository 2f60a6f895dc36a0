package io.gatewarden.parse;

/** What a gateway log line means to the watchdog. One line maps to exactly one type. */
public enum EventType {
    /** model_fallback_decision with decision=candidate_failed: a rung touched the network and failed. */
    FALLBACK_CANDIDATE_FAILED,
    /** model_fallback_decision with decision=skip_candidate: a rung was never tried (cooldown, no key, ...). */
    FALLBACK_CANDIDATE_SKIPPED,
    /** model_fallback_decision with decision=candidate_succeeded: a fallback rung answered. */
    FALLBACK_CANDIDATE_SUCCEEDED,
    /**
     * The fallback chain ended with no rung left: the decision line with fallbackStepFinalOutcome=chain_exhausted, and
     * "All models failed (N): …" quoted by a lane error, the ws answer ("res ✗ agent") or the CLI ("[openclaw] Reason:").
     * attr source = decision / lane / ws / cli; candidates=N and models="p/m,p/m" when the text lists them.
     */
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
    /** No API key found for provider "X": a rung without credentials (decision line, or quoted by a lane/CLI error). */
    MISSING_API_KEY,
    /**
     * "Unknown model: provider/model" (decision line with reason=model_not_found, or quoted by a lane/CLI error),
     * and "Model \"p/m\" not found. Fell back to \"p2/m2\"." (attr fellBackTo).
     */
    UNKNOWN_MODEL,
    /**
     * The session outgrew its window. attr phase: diagnosed ("[context-overflow-diag]", carries the session),
     * detected ("context overflow detected (attempt n/N)"), exhausted ("[context-overflow-recovery] exhausted"),
     * reported ("Context overflow: prompt too large…" from the CLI or a lane error); also a failed rung with
     * reason=context_overflow. One overflow episode gives several of these lines.
     */
    CONTEXT_OVERFLOW,
    /**
     * Context usage (DEBUG only): "preflightCompaction check" (attr source=preflight) and "[context-overflow-precheck]"
     * (source=precheck); attrs tokens and contextTokens.
     */
    CONTEXT_USAGE,
    /**
     * The provider rejected the request shape (reason=format, e.g. tool_use_id mismatch): the decision line with
     * reason=format, or a lane error "provider rejected the request schema or tool payload".
     */
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
    /**
     * The process is going down on an error (texts from OpenClaw's src/index.ts and src/infra/unhandled-rejections.ts):
     * "[openclaw] OpenClaw hit an unexpected runtime error." (attr kind=uncaught_exception),
     * "[openclaw] Unhandled promise rejection:" / "FATAL unhandled rejection:" (unhandled_rejection),
     * "[openclaw] CONFIGURATION ERROR - requires fix:" (configuration_error), "Gateway failed to start:" (startup_failed).
     * CLI commands write to the same file, so a crashing CLI command looks the same.
     */
    GATEWAY_CRASHED,
    /** A well-formed line we have no rule for. Never an error. */
    GENERIC,
    /** Not a JSON object / not a tslog line. Counted and skipped by the pipeline. */
    MALFORMED
}
