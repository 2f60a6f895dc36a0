package io.gatewarden.alert;

/**
 * Lets a flush through only when something in it is news to its receiver (Alertmanager's {@code DedupStage}): a new
 * or escalated alert, a resolution not yet announced, or a repeat that is due. The rule's memory is the flush's
 * (the notification log for a group, per-alert resend times for an Alertmanager receiver).
 */
final class DedupStage implements NotifyStage {
    @Override
    public Outcome exec(Flush flush) {
        return flush.keepNews() ? Outcome.PASS : Outcome.NOTHING_NEW;
    }
}
