package io.gatewarden.alert;

import java.time.Duration;
import java.time.Instant;

/** A token bucket on the injected clock: {@code burst} tokens, one more every {@code refill}. Burst 0 = unlimited. */
final class TokenBucket {
    private final int burst;
    private final long refillNanos;
    private double tokens;
    private Instant last;

    TokenBucket(AlertSettings.RateLimit limit, Instant now) {
        this.burst = limit.burst();
        this.refillNanos = limit.refillEvery().toNanos();
        this.tokens = burst;
        this.last = now;
    }

    boolean tryTake(Instant now) {
        if (burst == 0) return true;
        refill(now);
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** When the next token will be there (now when one already is). */
    Instant nextTokenAt(Instant now) {
        if (burst == 0) return now;
        refill(now);
        if (tokens >= 1.0) return now;
        return now.plusNanos((long) Math.ceil((1.0 - tokens) * refillNanos));
    }

    private void refill(Instant now) {
        if (now.isAfter(last)) {
            long elapsed = Duration.between(last, now).toNanos();
            tokens = Math.min(burst, tokens + (double) elapsed / refillNanos);
            last = now;
        } else if (now.isBefore(last)) {
            last = now; // the clock went back: refill from now on (no token for the step back, no wait for the clock)
        }
    }
}
