package io.gatewarden.parse;

/**
 * Decides what one OpenClaw (2026.9.x) tslog line means. Every rule matches texts or event names seen
 * in the real captures under {@code fixtures/openclaw/logs}, except the crash texts, which come from
 * OpenClaw's source (see {@link #crash}).
 *
 * <p>One line gives one type, the most specific meaning wins:
 * <ol>
 *   <li>structured events (an argument object with {@code event}, {@link StructuredEvents}) by their event and decision;
 *       a failed fallback rung whose reason is not about the provider's health becomes the specific
 *       type: {@code fallbackStepFinalOutcome=chain_exhausted} → CHAIN_EXHAUSTED, {@code reason=format}
 *       → REQUEST_REJECTED, {@code model_not_found} → UNKNOWN_MODEL, {@code context_overflow} →
 *       CONTEXT_OVERFLOW, "No API key found" → MISSING_API_KEY (attr {@code decision} keeps the rung's
 *       decision);</li>
 *   <li>then the message text by its prefix;</li>
 *   <li>a wrapper line (lane error, ws error answer, CLI failure, any WARN+ line) that quotes a specific error
 *       takes that error's type ({@link QuotedErrors}: "All models failed" → CHAIN_EXHAUSTED, …), with attr
 *       {@code source} = lane / ws / cli / log;</li>
 *   <li>anything else is GENERIC.</li>
 * </ol>
 * So one failed run shows up several times (decision line, lane lines, ws answer, CLI line): consumers
 * count distinct {@code runId}s, and can tell the copies apart by {@code source}.
 */
final class OpenClawRules {
    private OpenClawRules() {}

    static void classify(TslogLine line, EventBuilder b) {
        EventFields f = line.fields;
        if (f != null) {
            if (b.runId == null) b.runId = f.get(EventFields.RUN_ID);
            String event = f.get(EventFields.EVENT);
            if (event != null && StructuredEvents.apply(event, f, b)) return;
        }
        String text = line.text();
        if (text != null && !text.isEmpty()) byText(text, line, f, b);
    }

    // ---------------------------------------------------------------- message texts

    private static final String SAME_MODEL_RETRY = "transient same-model retry ";
    private static final String RETRY_WINDOW = "transient retry window elapsed for ";
    private static final String MODEL_FETCH = "[model-fetch] response ";
    private static final String AGENT_RUN = "[agent] run ";
    private static final String PRECHECK = "[context-overflow-precheck] ";
    private static final String OVERFLOW_DIAG = "[context-overflow-diag] ";
    private static final String OVERFLOW_EXHAUSTED = "[context-overflow-recovery] exhausted";
    private static final String LANE_ERROR = "lane task error: ";
    private static final String RES_OK_AGENT = "res ✓ agent ";
    private static final String RES_ERR_AGENT = "res ✗ agent ";
    private static final String CONFIG_DETECTED = "config change detected";
    private static final String CONFIG_APPLIED = "config hot reload applied";
    private static final String CONFIG_SKIPPED = "config reload skipped";
    private static final String CONFIG_RESTART = "config change requires gateway restart";
    private static final String OVERFLOW_DETECTED = "context overflow detected";
    private static final String OVERFLOW_REPORTED = "Context overflow: ";
    private static final String PREFLIGHT = "preflightCompaction check: ";
    private static final String SESSION_TURN = "session turn created: ";
    private static final String EMBEDDED_RUN_START = "embedded run start: ";
    private static final String RUNTIME_ERROR = "hit an unexpected runtime error";

    private static void byText(String t, TslogLine line, EventFields f, EventBuilder b) {
        switch (t.charAt(0)) {
            case 't' -> {
                if (t.startsWith(SAME_MODEL_RETRY)) {
                    sameModelRetry(t, b);
                    return;
                }
                if (t.startsWith(RETRY_WINDOW)) {
                    retryWindowElapsed(t, b);
                    return;
                }
            }
            case '[' -> {
                if (bracketed(t, b)) return;
            }
            case 'l' -> {
                if (t.startsWith(LANE_ERROR)) {
                    laneError(t, f, b);
                    return;
                }
                if (t.startsWith("loading configuration")) {
                    b.type(EventType.GATEWAY_STARTING);
                    return;
                }
            }
            case '⇄', 'r' -> {
                String s = t.startsWith("⇄ ") ? t.substring(2) : t;
                if (s.startsWith(RES_OK_AGENT)) {
                    b.type(EventType.RUN_ACCEPTED);
                    if (b.runId == null) b.runId = Texts.kv(s, "runId");
                    return;
                }
                if (s.startsWith(RES_ERR_AGENT)) {
                    wsAgentError(s, b);
                    return;
                }
                if (s.startsWith("received SIG") && signal(s, b)) return;
            }
            case 'c' -> {
                if (t.startsWith("config ") && config(t, b)) return;
                if (t.startsWith(OVERFLOW_DETECTED)) {
                    overflowDetected(t, b);
                    return;
                }
            }
            case 'C' -> {
                if (t.startsWith(OVERFLOW_REPORTED)) {
                    contextOverflow(b, "reported");
                    b.detail = t;
                    return;
                }
            }
            case 'e' -> {
                // embedded run start: runId=… sessionId=… provider=… model=… (DEBUG, the run's first line with its
                // traceId): ties the run's later runless lines — a [model-fetch] response — to it. Only the run id is
                // taken: the session key comes from the run's own key lines (session turn, precheck).
                if (t.startsWith(EMBEDDED_RUN_START)) {
                    if (b.runId == null) b.runId = Texts.kv(t, "runId");
                    return;
                }
            }
            case 'g' -> {
                if (t.startsWith("gateway ready")) {
                    b.type(EventType.GATEWAY_READY);
                    return;
                }
            }
            case 's' -> {
                if (t.startsWith("starting...") && "gateway".equals(line.subsystem)) {
                    b.type(EventType.GATEWAY_STARTING);
                    return;
                }
                // session turn created: runId=… sessionId=… sessionKey=agent:main:main agentId=main channel=unknown
                // trigger=heartbeat (DEBUG; the one line that tells a heartbeat run from a chat in the main session)
                if (t.startsWith(SESSION_TURN)) {
                    if (b.runId == null) b.runId = Texts.kv(t, "runId");
                    b.sessionKeyKept(Texts.kv(t, "sessionKey"));
                    if (b.agent == null) b.agent = Texts.kv(t, "agentId");
                    b.attr("turnTrigger", Texts.kv(t, "trigger")).attr("channel", Texts.kv(t, "channel"));
                    return;
                }
                if (t.startsWith("shutdown completed cleanly")) {
                    b.type(EventType.GATEWAY_STOPPED);
                    int in = t.indexOf(" in ");
                    if (in >= 0) b.attr("durationMs", Texts.stripTrailing(Texts.word(t, in + 4), "ms"));
                    return;
                }
            }
            case 'm' -> {
                if (t.startsWith("model fallback chain stopped")) {
                    b.type(EventType.FALLBACK_CHAIN_STOPPED);
                    return;
                }
            }
            case 'p' -> {
                if (t.startsWith(PREFLIGHT)) {
                    preflight(t, b);
                    return;
                }
            }
            case 'M' -> {
                // Model "anthropic/claude-sonnet-4-5" not found. Fell back to "fakeoa/ok".
                if (t.startsWith("Model \"") && t.contains("\" not found")) {
                    b.type(EventType.UNKNOWN_MODEL);
                    b.reason = FailureReasons.MODEL_NOT_FOUND;
                    b.modelRef(Texts.between(t, 0, '"', '"'));
                    int fell = t.indexOf("Fell back to ");
                    if (fell >= 0) b.attr("fellBackTo", Texts.between(t, fell, '"', '"'));
                    b.detail = t;
                    return;
                }
            }
            case 'G' -> {
                // seen in OpenClaw's own tests and user reports: "Gateway failed to start: gateway already running …"
                if (t.startsWith("Gateway failed to start")) {
                    crash(t, "startup_failed", b);
                    return;
                }
            }
            default -> { }
        }
        // Wrapper-free error texts, and error texts quoted by console/CLI lines.
        if (line.level >= 4 || !line.hasBindings) {
            if (t.contains(RUNTIME_ERROR)) {
                crash(t, "uncaught_exception", b);
                return;
            }
            if (QuotedErrors.apply(t, b)) b.attr("source", line.hasBindings ? "log" : "cli");
        }
    }

    /** Lines starting with a "[tag] ". */
    private static boolean bracketed(String t, EventBuilder b) {
        if (t.startsWith(MODEL_FETCH)) {
            b.type(EventType.MODEL_FETCH);
            b.provider = Texts.kv(t, "provider");
            b.model = Texts.kv(t, "model");
            b.status = Math.max(Texts.toInt(Texts.kv(t, "status")), 0);
            b.attr("api", Texts.kv(t, "api")).attr("elapsedMs", Texts.kv(t, "elapsedMs"));
            return true;
        }
        if (t.startsWith(AGENT_RUN)) {
            int endedAt = t.indexOf(" ended with ");
            if (endedAt < 0) return false;
            if (b.runId == null) b.runId = Texts.word(t, AGENT_RUN.length());
            String stop = Texts.kv(t, "stopReason");
            b.attr("stopReason", stop);
            if ("stop".equals(stop)) b.type(EventType.RUN_SUCCEEDED);
            else if ("error".equals(stop)) b.type(EventType.RUN_FAILED);
            return true;
        }
        if (t.startsWith(PRECHECK)) {
            b.type(EventType.CONTEXT_USAGE);
            b.sessionKeyKept(Texts.kv(t, "sessionKey"));
            b.modelRef(Texts.kv(t, "provider"));
            b.attr("tokens", Texts.kv(t, "estimatedPromptTokens"))
                    .attr("contextTokens", Texts.kv(t, "contextTokenBudget"))
                    .attr("overflowTokens", Texts.kv(t, "overflowTokens"))
                    .attr("route", Texts.kv(t, "route"))
                    .attr("source", "precheck");
            return true;
        }
        if (t.startsWith(OVERFLOW_DIAG)) {
            contextOverflow(b, "diagnosed");
            b.sessionKeyKept(Texts.kv(t, "sessionKey"));
            b.modelRef(Texts.kv(t, "provider"));
            b.attr("trigger", Texts.kv(t, "trigger"));
            return true;
        }
        if (t.startsWith(OVERFLOW_EXHAUSTED)) {
            contextOverflow(b, "exhausted");
            int forAt = t.indexOf(" for ");
            if (forAt >= 0) b.modelRef(Texts.stripTrailing(Texts.word(t, forAt + 5), ";,"));
            b.attr("suggestedAction", Texts.kv(t, "suggestedAction"));
            b.detail = t;
            return true;
        }
        int close = t.indexOf("] ");
        if (close > 0 && close < 40) {
            String rest = t.substring(close + 2);
            // OpenClaw src/index.ts (uncaughtException handler → formatCliFailureLines, src/cli/failure-output.ts)
            // and src/infra/unhandled-rejections.ts (the rejections that end the process with exit code 1).
            if (rest.startsWith("OpenClaw " + RUNTIME_ERROR) || rest.contains(RUNTIME_ERROR)) {
                crash(rest, "uncaught_exception", b);
                return true;
            }
            if (rest.startsWith("Unhandled promise rejection") || rest.startsWith("FATAL unhandled rejection")) {
                crash(rest, "unhandled_rejection", b);
                return true;
            }
            if (rest.startsWith("CONFIGURATION ERROR - requires fix")) {
                crash(rest, "configuration_error", b);
                return true;
            }
        }
        return false;
    }

    private static void crash(String text, String kind, EventBuilder b) {
        b.type(EventType.GATEWAY_CRASHED);
        b.detail = text;
        b.attr("kind", kind);
    }

    /** transient same-model retry 1/9 for fakeoa/rl-429 reason=rate_limit: delayMs=1051 */
    private static void sameModelRetry(String t, EventBuilder b) {
        b.type(EventType.SAME_MODEL_RETRY);
        ratio(Texts.word(t, SAME_MODEL_RETRY.length()), "retry", b);
        int forAt = t.indexOf(" for ", SAME_MODEL_RETRY.length());
        if (forAt >= 0) b.modelRef(Texts.word(t, forAt + 5));
        b.reason = Texts.stripTrailing(Texts.kv(t, "reason"), ":;,");
        b.attr("delayMs", Texts.stripTrailing(Texts.kv(t, "delayMs"), ";,"));
    }

    /** transient retry window elapsed for fakeanth/ovl-529 after 7/8 retries; stopping same-model retries */
    private static void retryWindowElapsed(String t, EventBuilder b) {
        b.type(EventType.RETRY_WINDOW_ELAPSED);
        b.modelRef(Texts.word(t, RETRY_WINDOW.length()));
        int after = t.indexOf(" after ");
        if (after >= 0) ratio(Texts.word(t, after + 7), "retry", b);
    }

    /** "n/N" into attrs {@code <name>}=n and {@code of}=N. */
    private static void ratio(String nOfN, String name, EventBuilder b) {
        if (nOfN == null) return;
        int slash = nOfN.indexOf('/');
        if (slash < 0) return;
        b.attr(name, Texts.toInt(nOfN.substring(0, slash)));
        b.attr("of", Texts.toInt(Texts.stripTrailing(nOfN.substring(slash + 1), ");,:")));
    }

    /** lane task error: lane=session:agent:main:explicit:lab-s1 durationMs=732 error="Unknown model: …" */
    private static void laneError(String t, EventFields f, EventBuilder b) {
        String lane = Texts.kv(t, "lane");
        if (lane != null && lane.startsWith("session:")) b.sessionKeyKept(lane.substring("session:".length()));
        String error = null;
        int e = t.indexOf("error=\"");
        if (e >= 0) {
            int end = t.endsWith("\"") && t.length() > e + 7 ? t.length() - 1 : t.length();
            error = t.substring(e + 7, end);
        }
        String errorName = f == null ? null : f.get(EventFields.ERROR_NAME);
        b.attr("lane", lane).attr("durationMs", Texts.kv(t, "durationMs")).attr("errorName", errorName).attr("source", "lane");
        b.detail = error;
        if (error != null && QuotedErrors.apply(error, b)) return;
        b.type(EventType.LANE_ERROR);
        b.reason = "AbortError".equals(errorName) ? FailureReasons.ABORTED : FailureReasons.fromText(error);
    }

    /** ⇄ res ✗ agent errorCode=UNAVAILABLE errorMessage=All models failed (2): … runId=… conn=… */
    private static void wsAgentError(String s, EventBuilder b) {
        if (b.runId == null) b.runId = Texts.kv(s, "runId");
        b.attr("errorCode", Texts.kv(s, "errorCode")).attr("source", "ws");
        String message = null;
        int m = s.indexOf("errorMessage=");
        if (m >= 0) {
            int start = m + "errorMessage=".length();
            int end = s.indexOf(" runId=", start);
            if (end < 0) end = s.indexOf(" conn=", start);
            if (end < 0) end = s.length();
            message = s.substring(start, end);
        }
        b.detail = message;
        if (message != null && QuotedErrors.apply(message, b)) return;
        b.type(EventType.RUN_FAILED);
        b.reason = FailureReasons.fromText(message);
    }

    static void contextOverflow(EventBuilder b, String phase) {
        b.type(EventType.CONTEXT_OVERFLOW);
        b.reason = FailureReasons.CONTEXT_OVERFLOW;
        b.attr("phase", phase);
    }

    /** context overflow detected (attempt 1/3); attempting auto-compaction for fakeanth/ctx-400 */
    private static void overflowDetected(String t, EventBuilder b) {
        contextOverflow(b, "detected");
        int attempt = t.indexOf("(attempt ");
        if (attempt >= 0) ratio(Texts.word(t, attempt + "(attempt ".length()), "attempt", b);
        int forAt = t.lastIndexOf(" for ");
        if (forAt >= 0) b.modelRef(Texts.stripTrailing(Texts.word(t, forAt + 5), ";,."));
        b.detail = t;
    }

    /** preflightCompaction check: sessionKey=… tokenCount=3 contextWindow=128000 threshold=108000 … */
    private static void preflight(String t, EventBuilder b) {
        b.type(EventType.CONTEXT_USAGE);
        b.sessionKeyKept(Texts.kv(t, "sessionKey"));
        b.attr("tokens", Texts.kv(t, "tokenCount"))
                .attr("contextTokens", Texts.kv(t, "contextWindow"))
                .attr("threshold", Texts.kv(t, "threshold"))
                .attr("source", "preflight");
    }

    private static boolean signal(String s, EventBuilder b) {
        // received SIGUSR2; restarting | received SIGTERM; shutting down
        int semi = s.indexOf(';');
        if (semi < 0) return false;
        String sig = s.substring("received ".length(), semi);
        if (s.startsWith("; restarting", semi)) b.type(EventType.GATEWAY_RESTARTING);
        else if (s.startsWith("; shutting down", semi)) b.type(EventType.GATEWAY_STOPPING);
        else return false;
        b.attr("signal", sig);
        return true;
    }

    private static boolean config(String t, EventBuilder b) {
        if (t.startsWith(CONFIG_DETECTED)) {
            b.type(EventType.CONFIG_CHANGE_DETECTED);
            paths(t, CONFIG_DETECTED.length(), b);
            return true;
        }
        if (t.startsWith(CONFIG_APPLIED)) {
            b.type(EventType.CONFIG_RELOAD_APPLIED);
            paths(t, CONFIG_APPLIED.length(), b);
            return true;
        }
        if (t.startsWith(CONFIG_RESTART)) {
            b.type(EventType.CONFIG_RESTART_REQUIRED);
            paths(t, CONFIG_RESTART.length(), b);
            return true;
        }
        if (t.startsWith(CONFIG_SKIPPED)) {
            // config reload skipped (invalid config): agents.defaults.model: Unrecognized key: "bogusKey"
            b.type(EventType.CONFIG_RELOAD_SKIPPED);
            String why = Texts.between(t, CONFIG_SKIPPED.length(), '(', ')');
            b.reason = why == null ? null : why.trim().replace(' ', '_');
            int colon = t.indexOf("): ", CONFIG_SKIPPED.length());
            b.detail = colon >= 0 ? t.substring(colon + 3) : t;
            return true;
        }
        return false;
    }

    private static void paths(String t, int from, EventBuilder b) {
        String paths = Texts.between(t, from, '(', ')');
        b.detail = paths;
        b.attr("paths", paths);
    }
}
