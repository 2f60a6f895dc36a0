package io.gatewarden.tail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of the tailer's counters (totals since start) and of each followed file's lag, for metrics.
 *
 * @param lines            lines the sink accepted
 * @param bytes            bytes consumed (accepted lines, their terminators, skipped lines)
 * @param skippedLines     lines longer than {@code max_line_bytes}, dropped
 * @param rotations        times a followed file left its path (renamed, or gone from the globs)
 * @param truncations      times a followed file shrank below our offset or had its first bytes rewritten
 * @param reopenErrors     failures to stat, open or read a file (each retried on the next poll)
 * @param sinkErrors       batches the sink refused (re-delivered later)
 * @param checkpointErrors failed checkpoint loads or commits (retried)
 */
public record TailStats(Instant at, long lines, long bytes, long skippedLines, long rotations, long truncations,
                        long reopenErrors, long sinkErrors, long checkpointErrors, List<FileLag> files) {

    public TailStats {
        files = List.copyOf(files);
    }

    /**
     * One followed file.
     *
     * @param bytesBehind   file size minus our offset (0 when caught up)
     * @param lastLineAt    when the sink last accepted a line of it; null when none yet
     * @param sinceLastLine time since {@code lastLineAt}, or since we began following it when no line came yet
     */
    public record FileLag(String fileKey, Path path, long offset, long size, long bytesBehind,
                          Instant lastLineAt, Duration sinceLastLine) {}
}
