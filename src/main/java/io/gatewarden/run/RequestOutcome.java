package io.gatewarden.run;

import java.time.Instant;

/**
 * One real HTTP request to a provider, as the gateway's log shows it — counted once, however many lines the gateway
 * wrote about it. The one definition every consumer reads: breakers, the status page's error rates, the quota forecast.
 * A rung the gateway skipped (cooldown, no key, unknown model) made no request and is never one of these.
 *
 * @param at      the log time of the line that settled it
 * @param runId   the run that made it, when known
 * @param profile the auth profile as logged (hashed in OpenClaw logs), or null: the breaker registry resolves it
 * @param failure true for a failed request
 * @param reason  the gateway's failure reason (rate_limit, overloaded, billing, auth, format, …), else one derived from
 *                the status; null for successes
 * @param status  the HTTP status when a line names it, else 0
 * @param tokens  tokens the line reports for the request, else 0
 * @param how     which line settled it ("attempt", "decision", "fetch 200", …), for breaker histories and tests
 */
public record RequestOutcome(Instant at, String runId, String provider, String model, String profile, boolean failure,
                             String reason, int status, long tokens, String agent, String session, String how) {

    public String modelRef() {
        return provider + "/" + model;
    }
}
