package io.gatewarden.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * The rate-limit state a provider reported on a probe's response. Every field is null when the header was absent.
 * Reset times are absolute (Anthropic sends RFC 3339 times, OpenAI sends durations such as "6m0s", which are
 * added to the probe time).
 */
public record RateLimits(Long requestsLimit, Long requestsRemaining, Instant requestsReset,
                         Long tokensLimit, Long tokensRemaining, Instant tokensReset,
                         Duration retryAfter) {
    public static final RateLimits NONE = new RateLimits(null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(NONE);
    }

    public boolean hasRequestBudget() {
        return requestsRemaining != null;
    }

    public boolean hasTokenBudget() {
        return tokensRemaining != null;
    }
}
