package io.gatewarden.breaker;

import java.time.Instant;

/**
 * A breaker changed state.
 *
 * @param why        a sentence for humans and the journal, e.g. "3 consecutive rate_limit failures"
 * @param openUntil  when an open breaker will allow a half-open trial (null unless {@code to} is OPEN)
 * @param lastReason the gateway's reason of the latest failure (rate_limit, billing, ...), may be null
 */
public record BreakerTransition(BreakerKey key, BreakerStatus from, BreakerStatus to, Instant at, String why,
                                Instant openUntil, String lastReason) {}
