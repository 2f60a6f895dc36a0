package io.gatewarden.alert;

import java.util.List;

/**
 * The notify pipeline (Alertmanager's {@code MultiStage}): its stages in order, until one stops. Group flushes and
 * Alertmanager receivers run the same chain, so a silence, the dedup rule's place, the rate limit and the outbox
 * write are one thing for every receiver.
 */
final class NotifyChain {
    private final List<NotifyStage> stages;

    NotifyChain(List<NotifyStage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** Mute, dedup, rate limit, enqueue: the chain every receiver's flush goes through. */
    static NotifyChain of(MuteStage mute, RateLimitStage rateLimit, EnqueueStage enqueue) {
        return new NotifyChain(List.of(mute, new DedupStage(), rateLimit, enqueue));
    }

    /** @return the outcome of the stage that stopped the flush: {@link NotifyStage.Outcome#QUEUED} when it went through */
    NotifyStage.Outcome run(Flush flush) {
        NotifyStage.Outcome outcome = NotifyStage.Outcome.PASS;
        for (NotifyStage stage : stages) {
            outcome = stage.exec(flush);
            if (outcome != NotifyStage.Outcome.PASS) break;
        }
        return outcome;
    }
}
