package io.gatewarden.tail;

import java.time.Duration;
import java.util.List;

import static io.gatewarden.util.SettingChecks.positive;

/**
 * Settings of the log tailer (YAML key {@code tail}, snake_case). Missing keys take the defaults below.
 *
 * @param paths               globs of the files to follow; default {@value #DEFAULT_PATH} (OpenClaw's daily log,
 *                            which also matches its size-rotated {@code .1.log} … {@code .5.log} names)
 * @param pollInterval        how often the files are looked at; default 250ms
 * @param fromStart           on a first start (no checkpoint yet) read files that already exist from their
 *                            beginning instead of their end; default false (CLI {@code --from-start})
 * @param maxLineBytes        longer lines are skipped and counted, never buffered whole; default 1 MiB
 * @param checkpointInterval  the tailer writes its checkpoint file at most this often (and on close); 0 = after every
 *                            accepted batch; default 1s. Only bounds how much is re-delivered after a crash.
 * @param rotateWait          how long a file that left its path (renamed out of the globs, deleted) is still
 *                            watched for late writes through its open handle before it is dropped; default 5s
 * @param watch               also wake up on file-system events (inotify) of the followed folders, so new lines are
 *                            read within milliseconds; the poll stays the fallback; default true (null = true)
 */
public record TailSettings(List<String> paths, Duration pollInterval, boolean fromStart, int maxLineBytes,
                           Duration checkpointInterval, Duration rotateWait, Boolean watch) {

    public static final String DEFAULT_PATH = "/tmp/openclaw/openclaw-*.log";
    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

    public TailSettings {
        paths = paths == null || paths.isEmpty() ? List.of(DEFAULT_PATH) : List.copyOf(paths);
        for (String p : paths) {
            if (p == null || p.isBlank()) throw new IllegalArgumentException("tail.paths: empty glob");
        }
        pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
        positive("tail.poll_interval", pollInterval);
        maxLineBytes = maxLineBytes == 0 ? DEFAULT_MAX_LINE_BYTES : maxLineBytes;
        if (maxLineBytes < 1 || maxLineBytes > 256 * 1024 * 1024) {
            throw new IllegalArgumentException("tail.max_line_bytes must be between 1 and 268435456");
        }
        checkpointInterval = checkpointInterval == null ? Duration.ofSeconds(1) : checkpointInterval;
        if (checkpointInterval.isNegative()) throw new IllegalArgumentException("tail.checkpoint_interval is negative");
        rotateWait = rotateWait == null ? Duration.ofSeconds(5) : rotateWait;
        if (rotateWait.isNegative()) throw new IllegalArgumentException("tail.rotate_wait is negative");
        watch = watch == null ? Boolean.TRUE : watch;
    }

    /** Without {@code watch} (its default, true). */
    public TailSettings(List<String> paths, Duration pollInterval, boolean fromStart, int maxLineBytes,
                        Duration checkpointInterval, Duration rotateWait) {
        this(paths, pollInterval, fromStart, maxLineBytes, checkpointInterval, rotateWait, null);
    }

    public static TailSettings defaults() {
        return new TailSettings(null, null, false, 0, null, null, null);
    }

    public TailSettings withPaths(List<String> p) {
        return new TailSettings(p, pollInterval, fromStart, maxLineBytes, checkpointInterval, rotateWait, watch);
    }

    public TailSettings withPollInterval(Duration d) {
        return new TailSettings(paths, d, fromStart, maxLineBytes, checkpointInterval, rotateWait, watch);
    }

    public TailSettings withFromStart(boolean b) {
        return new TailSettings(paths, pollInterval, b, maxLineBytes, checkpointInterval, rotateWait, watch);
    }

    public TailSettings withMaxLineBytes(int n) {
        return new TailSettings(paths, pollInterval, fromStart, n, checkpointInterval, rotateWait, watch);
    }

    public TailSettings withWatch(boolean b) {
        return new TailSettings(paths, pollInterval, fromStart, maxLineBytes, checkpointInterval, rotateWait, b);
    }

    public TailSettings withRotateWait(Duration d) {
        return new TailSettings(paths, pollInterval, fromStart, maxLineBytes, checkpointInterval, d, watch);
    }
}
