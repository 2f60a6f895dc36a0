package io.gatewarden.tail;

import java.nio.file.Path;
import java.util.List;

/**
 * Consecutive lines of one file, in file order, handed to a {@link TailSink} in one call.
 *
 * @param endOffset   where reading of this file resumes once the batch is accepted; at least the last line's
 *                    {@code nextOffset}, more when oversized lines were skipped after it
 * @param checkpoints the checkpoints of every followed file as they stand once this batch is accepted. A consumer
 *                    that wants exactly-once stores this value in the same atomic write as the batch's effect and
 *                    hands it back through {@link CheckpointStore#consumerOwned} on restart.
 */
public record TailBatch(String fileKey, Path path, List<TailLine> lines, long endOffset, Checkpoints checkpoints) {
    public TailBatch {
        lines = List.copyOf(lines);
    }
}
