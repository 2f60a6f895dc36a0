package io.gatewarden.tail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tailer's counters since start and each followed file's lag as of the last cycle; read by {@link #stats} from
 * any thread (metrics) while the tail thread counts.
 */
final class TailCounters {
    final LongAdder lines = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder rotations = new LongAdder();
    final LongAdder truncations = new LongAdder();
    final LongAdder reopenErrors = new LongAdder();
    final LongAdder sinkErrors = new LongAdder();
    final LongAdder checkpointErrors = new LongAdder();

    private record Lag(String key, Path path, long offset, long size, Instant lastLineAt, Instant followedSince) {}

    private volatile List<Lag> lag = List.of();

    /** Lines the sink accepted (and lines skipped as too long) up to {@code end}, from {@code from}. */
    void consumed(long from, long end, int acceptedLines, int skippedLines) {
        bytes.add(Math.max(0, end - from));
        lines.add(acceptedLines);
        skipped.add(skippedLines);
    }

    /** Takes each followed file's position at the end of a cycle. */
    void publishLag(Collection<TrackedFile> tracked) {
        List<Lag> out = new ArrayList<>(tracked.size());
        for (TrackedFile t : tracked) {
            out.add(new Lag(t.key, t.path, t.acked, t.size, t.lastLineAt, t.followedSince));
        }
        lag = List.copyOf(out);
    }

    /** Counters since start and each followed file's lag (as of the last cycle; times measured at {@code now}). */
    TailStats stats(Instant now) {
        List<TailStats.FileLag> out = new ArrayList<>();
        for (Lag l : lag) {
            Duration since = Duration.between(l.lastLineAt() != null ? l.lastLineAt() : l.followedSince(), now);
            out.add(new TailStats.FileLag(l.key(), l.path(), l.offset(), l.size(), Math.max(0, l.size() - l.offset()),
                    l.lastLineAt(), since.isNegative() ? Duration.ZERO : since));
        }
        return new TailStats(now, lines.sum(), bytes.sum(), skipped.sum(), rotations.sum(), truncations.sum(),
                reopenErrors.sum(), sinkErrors.sum(), checkpointErrors.sum(), out);
    }
}
