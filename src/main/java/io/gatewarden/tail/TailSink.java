package io.gatewarden.tail;

/**
 * Where the tailer delivers lines. Returning normally means "accepted": the tailer then moves this file's
 * checkpoint to {@link TailBatch#endOffset()}. Throwing means "not accepted": nothing moves, and the same lines
 * are delivered again on a later poll (the tailer itself keeps running).
 */
@FunctionalInterface
public interface TailSink {
    void accept(TailBatch batch) throws Exception;
}
