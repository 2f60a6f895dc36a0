package io.gatewarden.alert;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds the flush's notification and writes it to the durable outbox; only then does the flush remember what the
 * receiver was told. The notification is held: {@link #release()}, after the dispatcher pass has saved the
 * notification log, hands it to the receiver's delivery thread, so nothing is delivered that the saved log (or, after
 * a kill -9, the outbox files reconciled into it) does not show. A failed write changes nothing and is retried after
 * a tick.
 */
final class EnqueueStage implements NotifyStage {
    private final Outbox outbox;
    private final Duration retryAfter;
    private final Consumer<String> wake;
    private final AlertLog log;
    final AtomicLong queued = new AtomicLong();
    /** Receivers with a held notification, in the order queued (dispatcher thread only). */
    private final Set<String> toWake = new LinkedHashSet<>();

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
            if (outbox.enqueue(n, true)) queued.incrementAndGet();
        } catch (IOException e) {
            log.error("could not write " + flush.what() + " for " + flush.receiver + " to the outbox, retrying: " + log.describe(e));
            flush.retryAt = flush.now.plus(retryAfter);
            return Outcome.NOT_WRITTEN;
        }
        flush.told(n);
        toWake.add(flush.receiver);
        return Outcome.QUEUED;
    }

    /** End of a dispatcher pass, after the notification log was saved: the held notifications go to their workers. */
    void release() {
        outbox.releaseHeld();
        for (String r : toWake) wake.accept(r);
        toWake.clear();
    }
}
