package io.gatewarden.alert;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that delivers a receiver's outbox, so a slow or hanging receiver only ever delays itself.
 * It sleeps until woken (a new notification, or a tick of the pipeline's clock) and keeps a receiver-wide
 * backoff after a retryable failure: a receiver that is down gets one probe per backoff step, not one per
 * pending notification.
 */
final class ReceiverWorker implements Runnable {
    private final String receiver;
    private final Notifier notifier;
    private final Outbox outbox;
    private final Outbox.ReceiverQueue queue;
    private final Backoff backoff;
    private final Duration giveUpAfter;
    private final Clock clock;
    private final AlertLog log;

    private final Object wake = new Object();
    private long wakeups;
    private volatile boolean running = true;
    private volatile Thread thread;

    // state read by stats() from other threads
    private volatile Instant notBefore = Instant.MIN;
    private volatile int consecutiveFailures;
    private volatile Outbox.OutboxEntry inFlight;
    private volatile Instant lastDeliveredAt;
    private volatile String lastError;
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong permanentFailures = new AtomicLong();

    ReceiverWorker(String receiver, Notifier notifier, Outbox outbox, Backoff backoff, Duration giveUpAfter, Clock clock, AlertLog log) {
        this.receiver = receiver;
        this.notifier = notifier;
        this.outbox = outbox;
        this.queue = outbox.queue(receiver);
        this.backoff = backoff;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
        this.log = log;
    }

    void start() {
        Thread t = new Thread(this, "gatewarden-alert-" + receiver);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void wake() {
        synchronized (wake) {
            wakeups++;
            wake.notifyAll();
        }
    }

    void stop() {
        running = false;
        wake();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            long seen;
            synchronized (wake) {
                seen = wakeups;
            }
            Outbox.OutboxEntry e = dueEntry();
            if (e == null) {
                synchronized (wake) {
                    while (running && wakeups == seen) {
                        try {
                            wake.wait();
                        } catch (InterruptedException ie) {
                            if (!running) return;
                        }
                    }
                }
                continue;
            }
            attempt(e);
        }
    }

    private Outbox.OutboxEntry dueEntry() {
        if (clock.instant().isBefore(notBefore)) return null;
        return queue.next();
    }

    /** True when nothing is in flight and nothing could be sent right now. */
    boolean idle() {
        return inFlight == null && (queue.size() == 0 || clock.instant().isBefore(notBefore));
    }

    private void attempt(Outbox.OutboxEntry e) {
        inFlight = e;
        Notification n;
        try {
            n = outbox.read(e);
        } catch (IOException | RuntimeException ex) {
            lastError = "unreadable outbox file " + e.file.getFileName() + ": " + log.describe(ex);
            giveUp(e, null, lastError, clock.instant());
            inFlight = null;
            return;
        }
        DeliveryResult r;
        try {
            r = notifier.notify(n);
        } catch (RuntimeException ex) {
            r = DeliveryResult.retry("unexpected " + log.describe(ex));
        }
        if (!running && !(r instanceof DeliveryResult.Delivered)) {
            // shutting down mid-request (interrupted): leave it in the outbox, untouched, for the next start
            inFlight = null;
            return;
        }
        Instant now = clock.instant();
        try {
            if (r instanceof DeliveryResult.Delivered) {
                outbox.acknowledge(e);
                delivered.incrementAndGet();
                lastDeliveredAt = now;
                if (consecutiveFailures > 0) log.info("receiver " + receiver + " delivers again after " + consecutiveFailures + " failed attempt(s)");
                consecutiveFailures = 0;
                notBefore = Instant.MIN;
            } else if (r instanceof DeliveryResult.Retryable rt) {
                e.attempts++;
                lastError = log.redactor().scrub(rt.reason());
                failedAttempts.incrementAndGet();
                if (!now.isBefore(e.createdAt.plus(giveUpAfter))) {
                    giveUp(e, n, "gave up after " + e.attempts + " attempt(s) over " + giveUpAfter + ": " + rt.reason(), now);
                } else {
                    consecutiveFailures++;
                    Duration wait = backoff.delay(consecutiveFailures, rt.retryAfter());
                    notBefore = now.plus(wait);
                    log.warn("receiver " + receiver + ": delivery failed (" + rt.reason() + "), attempt " + e.attempts
                            + ", retrying in " + wait.toMillis() + " ms; " + queue.size() + " pending");
                }
            } else if (r instanceof DeliveryResult.Permanent p) {
                e.attempts++;
                lastError = log.redactor().scrub(p.reason());
                giveUp(e, n, p.reason(), now);
            }
        } catch (IOException io) {
            // the receiver has it, but the outbox file could not be removed: it will be sent again after a restart,
            // under the same idempotency key
            log.error("receiver " + receiver + ": could not acknowledge " + e.file.getFileName() + ": " + log.describe(io));
            queue.remove(e);
        } finally {
            inFlight = null;
        }
    }

    private void giveUp(Outbox.OutboxEntry e, Notification n, String reason, Instant now) {
        permanentFailures.incrementAndGet();
        log.error("receiver " + receiver + ": notification " + e.key + " will not be delivered: "
                + reason + " (kept in outbox " + Outbox.FAILED_DIR + "/)");
        outbox.fail(e, n, reason, now);
    }

    AlertStats.ReceiverStats stats(String type) {
        return new AlertStats.ReceiverStats(receiver, type, notifier.describe(), queue.size(), inFlight != null,
                delivered.get(), failedAttempts.get(), permanentFailures.get(), consecutiveFailures,
                notBefore.equals(Instant.MIN) ? null : notBefore, lastDeliveredAt, lastError);
    }
}
