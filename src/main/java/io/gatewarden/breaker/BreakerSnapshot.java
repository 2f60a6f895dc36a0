package io.gatewarden.breaker;

import java.time.Instant;

/**
 * A breaker as the API shows it and the state file stores it.
 *
 * @param model              {@code provider/model}
 * @param since              when the breaker entered its current state
 * @param openUntil          open only: when a half-open trial becomes possible
 * @param why                the reason of the latest transition
 * @param lastReason         the gateway's reason for the latest failure
 * @param step               index into open_waits of the latest opening (-1 never opened)
 * @param windowFailures     failed requests in the current window
 * @param windowSuccesses    successful requests in the current window
 * @param consecutiveFailures current streak
 * @param scope              how wide the failure of the latest opening was (model, credential, provider): which
 *                           evidence may settle the half-open trial
 * @param notBefore          no half-open trial before this (the provider's Retry-After), or null
 * @param lastEvidence       the latest evidence offered to a half-open trial and what it did, or null
 */
public record BreakerSnapshot(String profile, String model, BreakerStatus status, Instant since, Instant openUntil,
                              String why, String lastReason, int step, int windowFailures, int windowSuccesses,
                              int consecutiveFailures, Instant lastFailureAt, FailureScope scope, Instant notBefore,
                              String lastEvidence) {

    /** A snapshot without the recovery fields (a state file written before they existed, tests). */
    public BreakerSnapshot(String profile, String model, BreakerStatus status, Instant since, Instant openUntil,
                           String why, String lastReason, int step, int windowFailures, int windowSuccesses,
                           int consecutiveFailures, Instant lastFailureAt) {
        this(profile, model, status, since, openUntil, why, lastReason, step, windowFailures, windowSuccesses,
                consecutiveFailures, lastFailureAt, null, null, null);
    }

    public BreakerKey key() {
        return new BreakerKey(profile, model);
    }
}
