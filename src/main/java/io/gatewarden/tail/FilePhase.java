package io.gatewarden.tail;

import java.time.Instant;

/**
 * Where one followed file stands. A {@link TrackedFile} is in exactly one phase, so the combinations the flags used to
 * allow ("positioned but still a copy candidate") cannot be written down. The first three say how the file's first
 * position will be found; {@link CopyCandidate} waits for enough bytes to tell whether it is a copy of a file we read;
 * {@link Following} means the splitter and {@code acked} hold a real position.
 * <pre>
 *   Resume ──────────────────────────┐
 *   FromEnd ─────────────────────────┼──▶ Following ◀─┐ (truncated: back to 0, still Following)
 *   FromZero ──(bytes)──▶ CopyCandidate ─(classified)─┘
 * </pre>
 * Every move into {@link Following} is {@link TrackedFile#positionAt}; the others are made by {@code LogTailer}.
 */
sealed interface FilePhase {

    /** Found with a checkpoint: its first bytes are verified against it, then reading resumes at its offset. */
    record Resume(Checkpoint checkpoint) implements FilePhase {}

    /** Found at the first start without {@code from_start}: reading starts at the last line start before this size. */
    record FromEnd(long sizeWhenSeen) implements FilePhase {}

    /** A new file: its first bytes decide, once it has any, whether it is a copy or read from 0. */
    record FromZero() implements FilePhase {}

    /**
     * Looks like a copy (copytruncate) of the file keyed {@code of} ({@code "?"} before the first comparison); not read
     * until classified, which happens at the latest {@code rotate_wait} after {@code since}.
     */
    record CopyCandidate(String of, Instant since) implements FilePhase {}

    /** Positioned: lines are read from the splitter's position, and {@code acked} is the checkpoint offset. */
    record Following() implements FilePhase {}

    Following FOLLOWING = new Following();
}
