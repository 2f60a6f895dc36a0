package io.gatewarden.breaker;

import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns gateway events into request outcomes, counting each real HTTP request to a provider ONCE although the
 * gateway writes several lines about it. The rule (fixtures 02, 04, 05, 08, 09):
 * <ul>
 *   <li><b>Failures.</b> One failed request writes a {@code [model-fetch] status=429} line, an
 *       {@code embedded_run_agent_end isError} line ({@link EventType#RUN_ATTEMPT_FAILED}) and then either a
 *       {@code transient same-model retry n/N} line or the run's failover and fallback decision lines. The attempt-end
 *       line is the one counted: every same-model retry is a real failed request and counts individually (so a
 *       storm opens the breaker at the 3rd request, seconds into the ~159 s a run spends retrying), while the
 *       retry line itself, the fetch line and the decision lines of that run and model are echoes and are not
 *       counted again. A fallback decision ({@code candidate_failed}) or failover decision counts only when its run
 *       logged no attempt for that model, i.e. a rung that failed without a request (e.g. a missing API key).
 *       Until the first attempt-end line has been seen, fetch lines with status &ge; 400 count instead (a log
 *       without attempt-end lines, another gateway version), and the attempt-end line that follows such a fetch is
 *       taken as its echo. Skipped candidates ({@code skip_candidate}) never count: the gateway made no request.</li>
 *   <li><b>Successes.</b> {@code candidate_succeeded}; a 2xx fetch line (DEBUG level only); a run that ended with
 *       {@code stopReason=stop} and named no model is attributed to the model its run last attempted (a same-model
 *       retry that finally worked) unless the run left that model, else to the configured primary (a run with no
 *       fallback line ran on the primary). A bare {@code res ✓ agent} ack is not
 *       a success: it is written when a run starts. At DEBUG level one success may be seen twice (fetch + run end);
 *       that only lowers the failure rate a little.</li>
 *   <li><b>Reasons.</b> The gateway's reason, else from the HTTP status (429 rate_limit, 529 overloaded, 401/403 auth,
 *       402 billing, other 5xx server_error). Only reasons listed in {@code failure_reasons} count; others
 *       (format, model_not_found, context overflow, ...) are ignored: they say nothing about the provider's health.</li>
 * </ul>
 * Memory: an LRU of the last 1024 runs.
 */
final class RequestAccounting {
    /** One request outcome, not yet attributed to a profile. */
    record Outcome(boolean failure, String provider, String model, String loggedProfile, String reason, String how) {}

    private static final class Run {
        final Set<String> attempted = new HashSet<>(4);
        final Set<String> left = new HashSet<>(4);
        String lastAttempt;
        boolean succeeded;
    }

    private final Map<String, Run> runs = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) {
            return size() > 1024;
        }
    };
    private boolean attemptLinesSeen;
    /** Fetch failures counted while no attempt line had been seen yet: the attempt lines that follow are their echoes. */
    private final Map<String, Integer> fetchCredit = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > 256;
        }
    };

    /** The outcome this event stands for, or null when it is not (or not again) a request outcome. */
    Outcome classify(GatewayEvent e, Supplier<String> primaryModel) {
        if (e == null || e.type() == null) return null;
        String ref = e.modelRef();
        return switch (e.type()) {
            case RUN_ATTEMPT_FAILED -> {
                if (ref == null) yield null;
                attemptLinesSeen = true;
                Run r = run(e.runId());
                if (r != null) {
                    r.attempted.add(ref);
                    r.lastAttempt = ref;
                }
                Integer credit = fetchCredit.get(ref);
                if (credit != null && credit > 0) { // its fetch line was counted before we knew attempt lines exist
                    if (credit == 1) fetchCredit.remove(ref);
                    else fetchCredit.put(ref, credit - 1);
                    yield null;
                }
                yield failure(e, "attempt");
            }
            // the parser gives a failed rung's decision line its most specific type (no key, unknown model, format,
            // the last rung of an exhausted chain); each is still one failed attempt of that rung
            case FALLBACK_CANDIDATE_FAILED, RUN_FAILOVER_DECISION, MISSING_API_KEY, UNKNOWN_MODEL, REQUEST_REJECTED, CHAIN_EXHAUSTED -> {
                if (ref == null || !fromDecision(e)) yield null;
                Run r = run(e.runId());
                if (r != null) r.left.add(ref); // the run moved on: its final success is not this model's
                if (r != null && !r.attempted.add(ref)) yield null; // echo of the attempt already counted
                yield failure(e, "decision");
            }
            case MODEL_FETCH -> {
                if (ref == null || e.status() == 0) yield null;
                if (e.status() >= 200 && e.status() < 300) yield new Outcome(false, e.provider(), e.model(), e.profile(), null, "fetch " + e.status());
                if (e.status() >= 400 && !attemptLinesSeen) {
                    fetchCredit.merge(ref, 1, Integer::sum);
                    yield failure(e, "fetch");
                }
                yield null;
            }
            case FALLBACK_CANDIDATE_SUCCEEDED -> {
                if (ref == null) yield null;
                Run r = run(e.runId());
                if (r != null) r.succeeded = true;
                yield new Outcome(false, e.provider(), e.model(), e.profile(), null, "fallback candidate succeeded");
            }
            case RUN_SUCCEEDED -> runSucceeded(e, primaryModel);
            default -> null;
        };
    }

    private static boolean fromDecision(GatewayEvent e) {
        return switch (e.type()) {
            case FALLBACK_CANDIDATE_FAILED, RUN_FAILOVER_DECISION -> true;
            default -> "decision".equals(e.attr("source"));
        };
    }

    private Outcome runSucceeded(GatewayEvent e, Supplier<String> primaryModel) {
        Run r = run(e.runId());
        if (r != null && r.succeeded) return null;
        Outcome out = null;
        if (e.modelRef() != null) {
            out = new Outcome(false, e.provider(), e.model(), e.profile(), null, "run succeeded");
        } else if (endedWithStop(e)) {
            String ref = r != null && r.lastAttempt != null ? r.lastAttempt : primaryModel == null ? null : primaryModel.get();
            if (r != null && ref != null && r.left.contains(ref)) ref = null; // it answered on a rung we cannot name
            if (ref != null && ref.indexOf('/') > 0) {
                int slash = ref.indexOf('/');
                out = new Outcome(false, ref.substring(0, slash), ref.substring(slash + 1), null, null, "run ended with stopReason=stop");
            }
        }
        if (out != null && r != null) r.succeeded = true;
        return out;
    }

    private static boolean endedWithStop(GatewayEvent e) {
        if ("stop".equals(e.attr("stopReason"))) return true;
        return contains(e.raw(), "stopReason=stop") || contains(e.detail(), "stopReason=stop");
    }

    private static boolean contains(String s, String what) {
        return s != null && s.contains(what);
    }

    private static Outcome failure(GatewayEvent e, String how) {
        return new Outcome(true, e.provider(), e.model(), e.profile(), reasonOf(e), how);
    }

    static String reasonOf(GatewayEvent e) {
        if (e.reason() != null && !e.reason().isBlank()) return e.reason().trim().toLowerCase(Locale.ROOT);
        int s = e.status();
        if (s == 429) return "rate_limit";
        if (s == 529) return "overloaded";
        if (s == 401 || s == 403) return "auth";
        if (s == 402) return "billing";
        if (s >= 500) return "server_error";
        return null;
    }

    private Run run(String runId) {
        if (runId == null || runId.isBlank()) return null;
        return runs.computeIfAbsent(runId, k -> new Run());
    }
}
