package io.gatewarden.alert;

/**
 * One step of turning a receiver's turn in a dispatcher pass into a notification in the outbox (Alertmanager's
 * {@code notify.Stage}): mute, dedup, rate limit, enqueue. A stage narrows the {@link Flush} and passes it on, or
 * stops the chain and says why. {@link NotifyChain} runs them in order, the same chain for every receiver.
 */
interface NotifyStage {
    /** How a stage (and so a run of the chain) ended. */
    enum Outcome {
        /** go on to the next stage */
        PASS,
        /** the notification is in the outbox */
        QUEUED,
        /** nothing is news to the receiver (everything muted, already told, or not due again) */
        NOTHING_NEW,
        /** the receiver's token bucket is empty; {@link Flush#retryAt} says when it has a token again */
        RATE_LIMITED,
        /** the outbox could not be written; {@link Flush#retryAt} says when to try again */
        NOT_WRITTEN;

        /** The flush was held as it is, to be tried again at {@link Flush#retryAt}. */
        boolean held() {
            return this == RATE_LIMITED || this == NOT_WRITTEN;
        }
    }

    Outcome exec(Flush flush);
}
