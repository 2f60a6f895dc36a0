package io.gatewarden.breaker;

/**
 * One piece of evidence for a half-open trial, and what it may settle ({@link #judge}).
 *
 * <table>
 *   <caption>which evidence settles which breaker (half-open only; open and closed breakers are not settled by it)</caption>
 *   <tr><th>evidence</th><th>model scope (rate_limit, overloaded)</th><th>credential / provider scope (auth, billing, unreachable)</th></tr>
 *   <tr><td>observed success of that model</td><td>closes</td><td>closes</td></tr>
 *   <tr><td>model probe ok</td><td>closes</td><td>closes</td></tr>
 *   <tr><td>model probe 429 / 5xx / 401</td><td>re-opens</td><td>re-opens</td></tr>
 *   <tr><td>model probe timeout</td><td>nothing (stays half-open)</td><td>nothing</td></tr>
 *   <tr><td>models-list probe ok</td><td><b>nothing</b>: says nothing about one model</td><td>closes</td></tr>
 *   <tr><td>models-list probe failed</td><td>re-opens</td><td>re-opens</td></tr>
 * </table>
 *
 * @param kind    where it comes from
 * @param outcome ok, failed, or inconclusive (timeout, no credential: nothing was learnt)
 * @param detail  a short human text for the breaker's history ("probe ok: 1 token", "HTTP 429 …")
 * @param retryAfter a failed answer's Retry-After: a lower bound for the next trial, or null
 */
public record RecoveryEvidence(Kind kind, Outcome outcome, String detail, java.time.Duration retryAfter) {

    public RecoveryEvidence(Kind kind, Outcome outcome, String detail) {
        this(kind, outcome, detail, null);
    }

    public enum Kind {
        /** A success of that (credential, model) in the gateway's request stream. */
        OBSERVED_SUCCESS,
        /** The smallest real request to that model with the gateway's credential (one output token). */
        MODEL_PROBE,
        /** A models-list GET with the provider's key: proves the key and the endpoint, not any one model. */
        LIST_PROBE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Outcome { OK, FAILED, INCONCLUSIVE }

    /** What this evidence does to a half-open breaker. */
    public enum Verdict { CLOSE, REOPEN, NONE }

    public static RecoveryEvidence observedSuccess(String how) {
        return new RecoveryEvidence(Kind.OBSERVED_SUCCESS, Outcome.OK, how);
    }

    public static RecoveryEvidence modelProbe(Outcome outcome, String detail) {
        return new RecoveryEvidence(Kind.MODEL_PROBE, outcome, detail);
    }

    public static RecoveryEvidence modelProbe(Outcome outcome, String detail, java.time.Duration retryAfter) {
        return new RecoveryEvidence(Kind.MODEL_PROBE, outcome, detail, retryAfter);
    }

    public static RecoveryEvidence listProbe(Outcome outcome, String detail) {
        return new RecoveryEvidence(Kind.LIST_PROBE, outcome, detail);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    /** The one rule: what this evidence may do to a half-open breaker opened by a failure of {@code scope}. */
    public Verdict judge(FailureScope scope) {
        return switch (outcome) {
            case INCONCLUSIVE -> Verdict.NONE;
            case FAILED -> Verdict.REOPEN;
            case OK -> kind == Kind.LIST_PROBE && scope == FailureScope.MODEL ? Verdict.NONE : Verdict.CLOSE;
        };
    }

    /** "model probe ok: 1 token" — for breaker histories, the status page and the journal. */
    public String describe() {
        String k = switch (kind) {
            case OBSERVED_SUCCESS -> "observed success";
            case MODEL_PROBE -> "model probe";
            case LIST_PROBE -> "models-list probe";
        };
        String o = switch (outcome) {
            case OK -> kind == Kind.OBSERVED_SUCCESS ? "" : " ok";
            case FAILED -> " failed";
            case INCONCLUSIVE -> " inconclusive";
        };
        return k + o + (detail == null || detail.isBlank() ? "" : ": " + detail);
    }
}
