package io.gatewarden.alert;

import io.gatewarden.secret.Hashes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One receiver's turn in a dispatcher pass, as it goes down the {@link NotifyChain}: the alerts it might be told
 * about, narrowed by the stages. What is news to the receiver, and how the notification looks, is the flush's own:
 * an aggregation group asks the notification log ({@link GroupFlush}), an Alertmanager receiver its per-alert
 * resend times ({@link AmReceiver}). Dispatcher thread only.
 */
abstract class Flush {
    final String receiver;
    final Instant now;
    /** What passes on to the next stage. */
    List<TrackedAlert> alerts;
    /** What the mute stage held back (silenced or inhibited). */
    final List<TrackedAlert> muted = new ArrayList<>();
    /** Set by a stage that stopped the flush for now: when it is worth trying again. */
    Instant retryAt;

    Flush(String receiver, Instant now, Collection<TrackedAlert> alerts) {
        this.receiver = receiver;
        this.now = now;
        this.alerts = new ArrayList<>(alerts);
    }

    /** The dedup rule: keeps what is news to the receiver among {@link #alerts}; false when nothing is. */
    abstract boolean keepNews();

    /** The notification for what {@link #keepNews()} kept, numbered {@code seq} in the outbox. */
    abstract Notification build(long seq);

    /** The notification is in the outbox: remember what the receiver has now been told. */
    abstract void told(Notification n);

    /** How a log line names the notification, e.g. "a notification". */
    abstract String what();

    /** A notification's idempotency key: the first 16 bytes of the SHA-256 of what makes it unique, in hex. */
    static String idempotencyKey(String basis) {
        return Hashes.sha256Hex(basis, 16);
    }
}
