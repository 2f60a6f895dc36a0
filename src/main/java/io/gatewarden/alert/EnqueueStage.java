package io.gatewarden.alert;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Builds the flush's notification and writes it to the durable outbox; only then does the flush remember what the
 * receiver was told, and the receiver's delivery thread is woken. A failed write changes nothing and is retried
 * after a tick.
 */
final class EnqueueStage implements NotifyStage {
    private final Outbox outbox;
    private final Duration retryAfter;
    private final Consumer<String> wake;
    private final AlertLog log;
    final AtomicLong queued = new AtomicLong();

    /** @param wake wakes a receiver's delivery thread, by receiver name */
    EnqueueStage(Outbox outbox, Duration retryAfter, Consumer<String> wake, AlertLog log) {
        this.outbox = outbox;
        this.retryAfter = retryAfter;
        this.wake = wake;
        this.log = log;
    }

    @Override
    public Outcome exec(Flush flush) {
        Notification n = flush.build(outbox.nextSeq());
        try {
            if (outbox.enqueue(n)) queued.incrementAndGet();
        } catch (IOException e) {
            log.error("could not write " + flush.what() + " for " + flush.receiver + " to the outbox, retrying: " + log.describe(e));
            flush.retryAt = flush.now.plus(retryAfter);
            return Outcome.NOT_WRITTEN;
        }
        flush.told(n);
        wake.accept(flush.receiver);
        return Outcome.QUEUED;
    }
}
