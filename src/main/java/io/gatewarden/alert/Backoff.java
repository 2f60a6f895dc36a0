package io.gatewarden.alert;

import java.time.Duration;
import java.util.Random;

/** Exponential backoff with proportional jitter; a receiver's Retry-After is honoured as a floor (capped at an hour). */
final class Backoff {
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final AlertSettings.Retry retry;
    private final Random random;

    Backoff(AlertSettings.Retry retry, Random random) {
        this.retry = retry;
        this.random = random;
    }

    /** The wait before the next attempt after {@code failures} consecutive failures (1 = first failure). */
    Duration delay(int failures, Duration retryAfter) {
        double base = retry.initial().toMillis() * Math.pow(retry.multiplier(), Math.max(0, failures - 1));
        double capped = Math.min(base, retry.max().toMillis());
        double jittered;
        synchronized (random) {
            jittered = capped * (1.0 - retry.jitter() * random.nextDouble());
        }
        Duration d = Duration.ofMillis(Math.max(1, Math.round(jittered)));
        if (retryAfter != null && !retryAfter.isNegative()) {
            Duration ra = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
            if (ra.compareTo(d) > 0) d = ra;
        }
        return d;
    }
}
