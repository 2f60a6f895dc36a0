package io.gatewarden.run;

import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.util.BoundedLru;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The one model of what the gateway did, derived once from its lines: runs (agent, session, lane, requested model,
 * every rung tried, skipped or answered, the chain's outcome), the auth profiles it cooled down, one identity per
 * session, and the stream of {@link RequestOutcome}s — each real provider request counted once. Detectors, breakers,
 * call rates and the quota forecast read this model; none re-derives it from raw lines. A skip is never a failure.
 *
 * <p>Attribution of lines without a runId: by trace id (every line of a run shares OpenClaw's {@code traceId},
 * {@code [model-fetch]} and lane lines included), then to the run last seen on the same provider/model (a retry
 * follows its run's failed attempt), then to the run of the line just before when close in time.
 *
 * <p>Requests (fixtures 02, 04, 05, 08, 09): a failed request writes a {@code [model-fetch] status=429} line, an
 * attempt-end line ({@code embedded_run_agent_end isError}) and then a same-model retry line or the run's failover and
 * fallback decision lines. The attempt-end line is the one counted; the rest are its echoes. A failed rung's decision
 * line counts only when its run logged no attempt for that model. Until the first attempt-end line is seen, fetch lines
 * with status &ge; 400 count instead (another gateway version), and the attempt-end line after such a fetch is its
 * echo. Successes: every 2xx fetch line (DEBUG level, or a slow answer at INFO; a run with tool calls makes several),
 * else {@code candidate_succeeded}, else a run that ended with {@code stopReason=stop}, attributed to the model it last
 * attempted (unless it left it) or to the primary — once per run, so at INFO a run's fast answers are a lower bound. Skipped rungs (cooldown, no API key, unknown model) made no request and are never counted.
 *
 * <p>Bounded: runs, traces, models and sessions live in capped LRU maps. Not thread-safe: one detection thread feeds it.
 */
public final class RunModel {
    /** How long a cooldown whose end the log did not give is taken to last. */
    static final Duration COOLDOWN_UNKNOWN_END = Duration.ofMinutes(30);
    /** A provider failure this recent may be what put the provider's profile into cooldown. */
    static final Duration BLOCKER_MEMORY = Duration.ofMinutes(30);
    /** A success line this soon after an unattributed 2xx fetch of the same model is that fetch's echo. */
    static final Duration SUCCESS_ECHO = Duration.ofSeconds(15);

    private final int maxRungs;
    private final Duration modelWindow;
    private final Duration nearbyWindow;
    private final BoundedLru<String, Seen> lastRunByModel;
    private final BoundedLru<String, Run> runs;
    private final BoundedLru<String, String> runByTrace;
    private final BoundedLru<String, int[]> retrySequences;
    private final BoundedLru<String, Cooldown> cooldownByProvider;
    private final BoundedLru<String, Seen> lastFailureByProvider;
    private final BoundedLru<String, Seen> lastFailureByModel;
    private final BoundedLru<String, Integer> fetchCredit;
    private final BoundedLru<String, Instant> lastOkFetchByModel;
    private final Sessions sessions;
    private Supplier<String> primary = () -> null;
    private boolean attemptLinesSeen;
    private Seen lastRun;
    private Instant now;
    private GatewayEvent current;
    private Rung currentRung;

    private record Seen(String runId, Instant at, String ref) {}

    public RunModel(Duration modelWindow, Duration nearbyWindow, int maxRuns) {
        this(modelWindow, nearbyWindow, maxRuns, 16);
    }

    /** @param maxRungs rungs kept per run (the oldest is dropped first) */
    public RunModel(Duration modelWindow, Duration nearbyWindow, int maxRuns, int maxRungs) {
        this.maxRungs = maxRungs;
        this.modelWindow = modelWindow;
        this.nearbyWindow = nearbyWindow;
        this.lastRunByModel = new BoundedLru<>(maxRuns);
        this.runs = new BoundedLru<>(maxRuns);
        this.runByTrace = new BoundedLru<>(maxRuns);
        this.retrySequences = new BoundedLru<>(maxRuns);
        this.cooldownByProvider = new BoundedLru<>(256);
        this.lastFailureByProvider = new BoundedLru<>(256);
        this.lastFailureByModel = new BoundedLru<>(1024);
        this.fetchCredit = new BoundedLru<>(256);
        this.lastOkFetchByModel = new BoundedLru<>(256);
        this.sessions = new Sessions(maxRuns);
    }

    /** Who answers runs that name no model: the gateway's current primary ({@code provider/model}); may return null. */
    public void setPrimary(Supplier<String> primary) {
        this.primary = primary == null ? () -> null : primary;
    }

    public Sessions sessions() {
        return sessions;
    }

    /**
     * Learns from one event; returns the provider requests it settles (usually none). Called once per event, before
     * any detector or listener sees it.
     */
    public List<RequestOutcome> observe(GatewayEvent e) {
        current = e;
        currentRung = null;
        Instant t = e.time();
        if (t != null && (now == null || t.isAfter(now))) now = t;
        if (t == null) return List.of();
        String ref = e.modelRef();
        if (e.runId() != null && e.trace() != null) runByTrace.put(e.trace(), e.runId());
        String runId = e.runId() != null ? e.runId() : e.trace() != null ? runByTrace.get(e.trace()) : null;
        Run run = null;
        if (runId != null) {
            lastRun = new Seen(runId, t, ref);
            if (ref != null) lastRunByModel.put(ref, lastRun);
            run = runs.computeIfAbsent(runId, id -> new Run(id, maxRungs));
            learnRun(run, e, t, ref);
        }
        if (e.type() == EventType.SAME_MODEL_RETRY && ref != null) {
            int n = parseInt(e.attr("retry"), -1);
            int[] seq = retrySequences.computeIfAbsent(ref, k -> new int[]{0, Integer.MAX_VALUE});
            if (n < 0 || n <= seq[1]) seq[0]++; // retry numbering restarted: a new run's retries
            seq[1] = n < 0 ? Integer.MAX_VALUE : n;
            Run r = run != null ? run : runs.get(runOfRetry(e, t, ref));
            if (r != null && n > 0) {
                Rung rung = r.rungFor(e.provider(), e.model());
                rung.retries = Math.max(rung.retries, n);
                if (rung.outcome == null) rung.outcome = RungOutcome.FAILED;
                if (rung.reason == null) rung.reason = e.reason();
            }
        }
        if (e.type() == EventType.PROFILE_FAILURE_STATE && e.provider() != null) noteCooldown(e, run, t);
        if (run != null && ref != null) currentRung = rung(run, e, t);
        return requests(e, run, t, ref);
    }

    private void learnRun(Run run, GatewayEvent e, Instant t, String ref) {
        if (run.firstSeen == null) run.firstSeen = t;
        run.lastSeen = t;
        if (e.trace() != null && run.trace == null) run.trace = e.trace();
        if (e.agent() != null) run.agent = e.agent();
        String trigger = e.attr("turnTrigger");
        if (trigger != null) run.trigger = trigger;
        // a lane line names the run's own session key; other key lines (preflight, precheck) of one trace may be about
        // a sub-session the run spawned (agent:main:internal-session-effects:…), so only the run's first one counts
        String key = e.attr("sessionKey");
        boolean laneKey = key != null && e.attr("lane") != null;
        if (laneKey || (key != null && run.sessionKey == null && run.session == null)) {
            run.sessionKey = key;
            if (laneKey && run.session != null && run.session.equals(sessions.canonical(run.session))) {
                sessions.learn(key, run.session);
            }
        } else if (key == null && e.session() != null) {
            if (laneKeyOf(run) != null) sessions.learn(run.sessionKey, e.session());
            run.session = e.session(); // a structured event's sessionId: the authoritative id
        }
        if (run.session == null && run.sessionKey != null) run.session = sessions.canonical(run.sessionKey);
        if (run.agent == null && run.sessionKey != null) run.agent = io.gatewarden.parse.SessionKeys.agent(run.sessionKey);
        if (e.attr("lane") != null) run.lane = e.attr("lane");
        if (e.attr("requestedProvider") != null) {
            run.requestedProvider = e.attr("requestedProvider");
            run.requestedModel = e.attr("requestedModel");
        }
        if (ref != null) {
            run.provider = e.provider();
            run.model = e.model();
        }
        String np = e.attr("nextProvider");
        if (np != null) {
            run.nextProvider = np;
            run.nextModel = e.attr("nextModel");
        }
        switch (e.type()) {
            case RUN_SUCCEEDED, FALLBACK_CANDIDATE_SUCCEEDED -> run.outcome = ChainOutcome.SUCCEEDED;
            case FALLBACK_CHAIN_STOPPED -> run.outcome = ChainOutcome.ABORTED;
            case CHAIN_EXHAUSTED -> run.outcome = ChainOutcome.EXHAUSTED;
            default -> { }
        }
    }

    /** The run's session key when a lane line named it (only such a key may be learned as the run's id's key). */
    private static String laneKeyOf(Run run) {
        return run.lane != null && run.lane.startsWith("session:") ? run.sessionKey : null;
    }

    /** The rung this line reports, updated from it; null when it reports none. */
    private Rung rung(Run run, GatewayEvent e, Instant t) {
        String decision = e.attr("decision");
        SkipKind skip = skipKind(e);
        if (skip != null) {
            Rung r = run.rungFor(e.provider(), e.model());
            if (r.requests == 0) { // a model that was sent a request and then "skipped" is a failed rung, not a skip
                r.outcome = RungOutcome.SKIPPED;
                r.skip = skip;
                if (e.reason() != null) r.reason = e.reason();
                if (skip == SkipKind.COOLDOWN) r.cooldown = cooldownFor(e, run, t);
            }
            return r;
        }
        boolean failed = e.type() == EventType.RUN_ATTEMPT_FAILED || isFailedRungLine(e)
                || e.type() == EventType.RUN_FAILOVER_DECISION;
        if (failed) {
            Rung r = run.rungFor(e.provider(), e.model());
            r.outcome = RungOutcome.FAILED;
            r.skip = null;
            r.cooldown = null;
            if (e.reason() != null) r.reason = e.reason();
            if (e.status() > 0) r.status = e.status();
            if (e.profile() != null) r.profile = e.profile();
            if (e.type() == EventType.RUN_ATTEMPT_FAILED) r.requests++;
            String error = errorText(e);
            if (error != null) r.error = error;
            int retryCount = parseInt(e.attr("retryCount"), -1);
            if (retryCount > r.retries) r.retries = retryCount;
            return r;
        }
        if ("candidate_succeeded".equals(decision) || e.type() == EventType.FALLBACK_CANDIDATE_SUCCEEDED
                || (e.type() == EventType.MODEL_FETCH && e.status() >= 200 && e.status() < 300)) {
            Rung r = run.rungFor(e.provider(), e.model());
            r.outcome = RungOutcome.SUCCEEDED;
            r.skip = null;
            return r;
        }
        return null;
    }

    /** The provider's own words for a failed request: the attempt's raw error, else the decision's preview. */
    public static String errorText(GatewayEvent e) {
        String raw = e.attr("providerError");
        if (raw != null && !raw.isBlank()) return raw;
        return e.detail();
    }

    // ------------------------------------------------------------------ cooldowns

    private void noteCooldown(GatewayEvent e, Run run, Instant t) {
        String blockedBy = null;
        if (run != null && run.lastAttempt != null && run.lastAttempt.startsWith(e.provider() + "/")) blockedBy = run.lastAttempt;
        if (blockedBy == null && run != null) {
            for (Rung r : run.rungs()) {
                if (r.outcome() == RungOutcome.FAILED && r.provider().equals(e.provider())) blockedBy = r.ref();
            }
        }
        if (blockedBy == null) blockedBy = recentFailure(e.provider(), t);
        if (blockedBy == null && e.model() != null) blockedBy = e.modelRef();
        Instant until = io.gatewarden.parse.IsoTimes.parse(e.attr("until"));
        cooldownByProvider.put(e.provider(), new Cooldown(e.provider(), e.profile(), e.attr("windowType"), e.reason(),
                until, blockedBy, t));
    }

    /** The cooldown that made the gateway skip this line's rung, as far as the log tells it. */
    private Cooldown cooldownFor(GatewayEvent e, Run run, Instant t) {
        Cooldown c = cooldownByProvider.get(e.provider());
        if (c != null && c.covers(t, COOLDOWN_UNKNOWN_END)) return c;
        String named = unavailableProfile(e.detail());
        // no profile state line (not logged, or before the log we were given): name what we can
        String blockedBy = null;
        if (run != null) {
            for (Rung r : run.rungs()) {
                if (r.outcome() == RungOutcome.FAILED && r.provider().equals(e.provider())) blockedBy = r.ref();
            }
        }
        if (blockedBy == null) blockedBy = recentFailure(e.provider(), t);
        return new Cooldown(e.provider(), named, null, e.reason(), null, blockedBy, t);
    }

    /**
     * The cooldown behind a skip line no run could be found for (a CLI echo of a run's error): the provider's cooldown
     * in force, else what the line's own text names.
     */
    public Cooldown cooldownFor(GatewayEvent e) {
        Instant t = timeOf(e);
        return e.provider() == null || t == null ? null : cooldownFor(e, null, t);
    }

    private String recentFailure(String provider, Instant t) {
        Seen s = lastFailureByProvider.get(provider);
        return s != null && within(s.at, t, BLOCKER_MEMORY) ? s.ref : null;
    }

    /** Which kind of skip a line shows, or null when it shows no skip (a tried rung, or not a rung line). */
    public static SkipKind skipKind(GatewayEvent e) {
        return switch (e.type()) {
            case MISSING_API_KEY -> SkipKind.NO_CREDENTIALS;
            case UNKNOWN_MODEL -> SkipKind.UNKNOWN_MODEL;
            case RUN_FAILOVER_DECISION, RUN_ATTEMPT_FAILED, MODEL_FETCH, SAME_MODEL_RETRY -> null;
            default -> {
                if (e.modelRef() == null) yield null;
                if ("true".equals(e.attr("unavailable"))) yield SkipKind.COOLDOWN; // a run's final error names the refused rung
                if (e.type() == EventType.FALLBACK_CANDIDATE_SKIPPED || "skip_candidate".equals(e.attr("decision"))) {
                    yield noKey(e) ? SkipKind.NO_CREDENTIALS : unknown(e) ? SkipKind.UNKNOWN_MODEL : SkipKind.COOLDOWN;
                }
                if (!isFailedRungLine(e)) yield null;
                if (noKey(e)) yield SkipKind.NO_CREDENTIALS; // the gateway reports a synthetic 401; no request was sent
                if (e.status() != 0) yield null; // a real HTTP answer: the rung was tried
                // a cooldown probe the gateway refused itself: "Auth profile "p" is temporarily unavailable for …"
                if (unavailable(e)) yield SkipKind.COOLDOWN;
                if (unknown(e)) yield SkipKind.UNKNOWN_MODEL;
                if ("auth".equalsIgnoreCase(e.reason())) yield SkipKind.NO_CREDENTIALS;
                yield null;
            }
        };
    }

    /**
     * A fallback decision that a rung failed ({@code candidate_failed}; the parser may have given it a more specific
     * type: request rejected, unknown model, no key, the last rung of an exhausted chain). It may still show a skip
     * (no request: {@link #skipKind}).
     */
    public static boolean isFailedRungLine(GatewayEvent e) {
        String decision = e.attr("decision");
        if (decision != null) return "candidate_failed".equals(decision);
        return e.type() == EventType.FALLBACK_CANDIDATE_FAILED
                || (e.type() == EventType.CHAIN_EXHAUSTED && e.modelRef() != null
                    && (e.attr("source") == null || "decision".equals(e.attr("source"))));
    }

    private static boolean unavailable(GatewayEvent e) {
        return contains(e.detail(), UNAVAILABLE) || contains(e.detail(), " is in cooldown");
    }

    /** The profile a "temporarily unavailable" text names ({@code Auth profile "fakeoa:manual" is …}), or null. */
    static String unavailableProfile(String text) {
        if (text == null) return null;
        int at = text.indexOf("Auth profile \"");
        if (at < 0) return null;
        int start = at + 14;
        int end = text.indexOf('"', start);
        return end > start && text.startsWith(UNAVAILABLE, end + 1) ? text.substring(start, end) : null;
    }

    private static final String UNAVAILABLE = " is temporarily unavailable";

    private static boolean noKey(GatewayEvent e) {
        return contains(e.detail(), "No API key found") || contains(e.raw(), "No API key found");
    }

    private static boolean unknown(GatewayEvent e) {
        return "model_not_found".equalsIgnoreCase(e.reason()) || (e.detail() != null && e.detail().startsWith("Unknown model"));
    }

    // ------------------------------------------------------------------ requests

    private List<RequestOutcome> requests(GatewayEvent e, Run run, Instant t, String ref) {
        if (ref == null && e.type() != EventType.RUN_SUCCEEDED) return List.of();
        RequestOutcome out = switch (e.type()) {
            case RUN_ATTEMPT_FAILED -> {
                attemptLinesSeen = true;
                if (run != null) {
                    run.attempted.add(ref);
                    run.lastAttempt = ref;
                }
                Integer credit = fetchCredit.get(ref);
                if (credit != null && credit > 0) { // its fetch line was counted before we knew attempt lines exist
                    if (credit == 1) fetchCredit.remove(ref);
                    else fetchCredit.put(ref, credit - 1);
                    yield null;
                }
                yield failure(e, run, t, "attempt");
            }
            case MODEL_FETCH -> {
                if (e.status() >= 200 && e.status() < 300) {
                    // every 2xx fetch is a request (a run with tool calls makes several); the run's success lines
                    // after it are its echoes
                    if (run != null) run.successCounted = true;
                    else lastOkFetchByModel.put(ref, t);
                    yield success(e, run, t, e.provider(), e.model(), "fetch " + e.status());
                }
                // the attempt-end line after it is the canonical count (it has the gateway's reason); a fetch no run
                // can be found for (no trace id) counts itself, and the attempt line of that model is then its echo
                if (e.status() >= 400 && (!attemptLinesSeen || run == null)) {
                    fetchCredit.put(ref, fetchCredit.get(ref) == null ? 1 : fetchCredit.get(ref) + 1);
                    yield failure(e, run, t, "fetch");
                }
                yield null;
            }
            case FALLBACK_CANDIDATE_SUCCEEDED -> {
                if (run != null && run.successCounted) yield null;
                if (run != null) run.successCounted = true;
                Instant fetched = lastOkFetchByModel.get(ref);
                if (fetched != null && within(fetched, t, SUCCESS_ECHO)) yield null;
                yield success(e, run, t, e.provider(), e.model(), "fallback candidate succeeded");
            }
            case RUN_SUCCEEDED -> runSucceeded(e, run, t);
            default -> failedRung(e, run, t, ref);
        };
        if (out == null) return List.of();
        if (out.failure()) {
            Seen seen = new Seen(out.runId(), t, out.modelRef());
            lastFailureByProvider.put(out.provider(), seen);
            lastFailureByModel.put(out.modelRef(), seen);
        }
        return List.of(out);
    }

    /** A failed rung's decision line: a request only when its run logged no attempt for that model, never a skip. */
    private RequestOutcome failedRung(GatewayEvent e, Run run, Instant t, String ref) {
        if (e.type() != EventType.RUN_FAILOVER_DECISION && !isFailedRungLine(e)) return null;
        if (run != null) run.left.add(ref); // the run moved on: its final success is not this model's
        if (skipKind(e) != null) return null;
        if (run != null && !run.attempted.add(ref)) return null; // echo of the attempt already counted
        return failure(e, run, t, "decision");
    }

    private RequestOutcome runSucceeded(GatewayEvent e, Run run, Instant t) {
        if (run != null && run.successCounted) return null;
        String ref = e.modelRef();
        if (ref == null && endedWithStop(e)) {
            ref = run != null && run.lastAttempt != null ? run.lastAttempt : primary.get();
            if (run != null && ref != null && run.left.contains(ref)) ref = null; // it answered on a rung we cannot name
        }
        int slash = ref == null ? -1 : ref.indexOf('/');
        if (slash <= 0) return null;
        Instant fetched = lastOkFetchByModel.get(ref);
        if (run != null) run.successCounted = true;
        if (fetched != null && within(fetched, t, SUCCESS_ECHO)) return null;
        return success(e, run, t, ref.substring(0, slash), ref.substring(slash + 1), "run ended with stopReason=stop");
    }

    private static boolean endedWithStop(GatewayEvent e) {
        return "stop".equals(e.attr("stopReason")) || contains(e.raw(), "stopReason=stop") || contains(e.detail(), "stopReason=stop");
    }

    private RequestOutcome failure(GatewayEvent e, Run run, Instant t, String how) {
        return new RequestOutcome(t, run == null ? e.runId() : run.id(), e.provider(), e.model(), e.profile(), true,
                reasonOf(e), e.status(), tokensOf(e), agentOf(e, run), sessionOf(e, run), how,
                io.gatewarden.parse.RetryHints.retryAfter(e.detail(), e.attr("providerError"), e.raw()));
    }

    private RequestOutcome success(GatewayEvent e, Run run, Instant t, String provider, String model, String how) {
        return new RequestOutcome(t, run == null ? e.runId() : run.id(), provider, model, e.profile(), false, null,
                e.status(), tokensOf(e), agentOf(e, run), sessionOf(e, run), how);
    }

    private String agentOf(GatewayEvent e, Run run) {
        if (e.agent() != null) return e.agent();
        return run == null ? null : run.agent;
    }

    private String sessionOf(GatewayEvent e, Run run) {
        if (run != null && run.session != null) return run.session;
        return sessions.canonical(e);
    }

    /** The gateway's reason, else one from the HTTP status (429 rate_limit, 529 overloaded, 401/403 auth, …). */
    public static String reasonOf(GatewayEvent e) {
        if (e.reason() != null && !e.reason().isBlank()) return e.reason().trim().toLowerCase(Locale.ROOT);
        int s = e.status();
        if (s == 429) return "rate_limit";
        if (s == 529) return "overloaded";
        if (s == 401 || s == 403) return "auth";
        if (s == 402) return "billing";
        if (s >= 500) return "server_error";
        return null;
    }

    private static long tokensOf(GatewayEvent e) {
        for (String k : new String[]{"tokens", "totalTokens"}) {
            long n = parseLong(e.attr(k));
            if (n > 0) return n;
        }
        return 0;
    }

    // ------------------------------------------------------------------ queries

    /** The rung the event just observed reported (skipped, failed, succeeded), or null. */
    public Rung rungOf(GatewayEvent e) {
        return e == current ? currentRung : null;
    }

    /** True when the line reports a rung the gateway never sent a request (cooldown, no key, unknown model). */
    public boolean isSkip(GatewayEvent e) {
        Rung r = rungOf(e);
        if (r != null) return r.outcome() == RungOutcome.SKIPPED;
        return skipKind(e) != null;
    }

    /**
     * The run an event belongs to: its own runId, else its trace's run, else the run last seen on its provider/model
     * (within the attribution window), else (for retries) a synthetic key per retry sequence, else the run of the line
     * just before when it is close in time; null if none.
     */
    public String runOf(GatewayEvent e) {
        if (e.runId() != null) return e.runId();
        if (e.trace() != null) {
            String r = runByTrace.get(e.trace());
            if (r != null) return r;
        }
        Instant t = timeOf(e);
        String ref = e.modelRef();
        if (ref != null && t != null) {
            Seen s = lastRunByModel.get(ref);
            if (s != null && within(s.at, t, modelWindow)) return s.runId;
        }
        if (ref != null && (e.type() == EventType.SAME_MODEL_RETRY || e.type() == EventType.RETRY_WINDOW_ELAPSED)) {
            int[] seq = retrySequences.get(ref);
            return "retries:" + ref + "#" + (seq == null ? 0 : seq[0]);
        }
        return nearbyRun(t);
    }

    private String runOfRetry(GatewayEvent e, Instant t, String ref) {
        Seen s = lastRunByModel.get(ref);
        return s != null && within(s.at, t, modelWindow) ? s.runId : null;
    }

    /** The run of the most recent line that had a runId, if it was at most the nearby window away from {@code t}. */
    public String nearbyRun(Instant t) {
        if (lastRun == null || t == null) return null;
        return within(lastRun.at, t, nearbyWindow) ? lastRun.runId : null;
    }

    public Run run(String runId) {
        return runId == null ? null : runs.get(runId);
    }

    public String agentOf(String runId) {
        Run r = run(runId);
        return r == null ? null : r.agent;
    }

    public String sessionOf(String runId) {
        Run r = run(runId);
        return r == null ? null : r.session;
    }

    /** True when the model had a failed request of its own within the last half hour of log time. */
    public boolean failedRecently(String ref, Instant t) {
        Seen s = ref == null ? null : lastFailureByModel.get(ref);
        return s != null && within(s.at, t, BLOCKER_MEMORY);
    }

    /** The cooldown the gateway last logged for a provider's profile, or null. */
    public Cooldown cooldown(String provider) {
        return provider == null ? null : cooldownByProvider.get(provider);
    }

    /** The newest event time seen; null before the first timed event. */
    public Instant now() {
        return now;
    }

    /** The time to use for an event: its own, else the newest seen. */
    public Instant timeOf(GatewayEvent e) {
        return e.time() != null ? e.time() : now;
    }

    public int trackedRuns() {
        return runs.size();
    }

    public int trackedModels() {
        return lastRunByModel.size();
    }

    private static boolean within(Instant a, Instant b, Duration d) {
        return Duration.between(a, b).abs().compareTo(d) <= 0;
    }

    private static boolean contains(String s, String what) {
        return s != null && s.contains(what);
    }

    public static int parseInt(String s, int dflt) {
        if (s == null) return dflt;
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static long parseLong(String s) {
        if (s == null) return 0;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
