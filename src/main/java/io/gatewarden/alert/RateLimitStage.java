package io.gatewarden.alert;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each receiver's token bucket ({@code rate_limit}): a flush without a token is held as it is and tried again when
 * the bucket has one, with whatever it holds then.
 */
final class RateLimitStage implements NotifyStage {
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    final AtomicLong rateLimited = new AtomicLong();

    RateLimitStage(List<AlertSettings.Receiver> receivers, Instant now) {
        for (AlertSettings.Receiver r : receivers) buckets.put(r.name(), new TokenBucket(r.rateLimit(), now));
    }

    @Override
    public Outcome exec(Flush flush) {
        TokenBucket bucket = buckets.get(flush.receiver);
        if (bucket.tryTake(flush.now)) return Outcome.PASS;
        rateLimited.incrementAndGet();
        flush.retryAt = bucket.nextTokenAt(flush.now);
        return Outcome.RATE_LIMITED;
    }
}
