package io.gatewarden.tail;

import io.gatewarden.util.BoundedLru;
import org.apache.commons.io.input.Tailer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Follows the gateway's log files (several globs), through daily file switches, rename rotation, copytruncate and
 * deletion, and delivers complete lines with their byte positions to a {@link TailSink} in batches. A file's
 * checkpoint moves only after the sink accepted the batch; checkpoints are keyed by file identity (dev:ino plus a
 * hash of the first bytes), so a restart, even after kill -9, resumes where the sink left off.
 * <p>
 * This replaces commons-io's {@code Tailer} loop (see docs/tail.md for why). One cycle is {@link #pollOnce()},
 * which tests call directly; {@link #start()} runs it on one daemon thread every {@code poll_interval}. A cycle
 * never throws: file errors are logged, counted and retried on the next cycle.
 */
public final class LogTailer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LogTailer.class.getName());

    private static final int READ_BUFFER = 64 * 1024;
    private static final int MAX_BATCH_LINES = 1000;
    private static final long MAX_READ_PER_FILE_PER_POLL = 32L << 20;
    private static final int MAX_REMEMBERED_FAILURES = 256;

    private final TailSettings settings;
    private final CheckpointStore store;
    private final TailSink sink;
    private final Clock clock;
    private final LogFiles files;
    private final GlobScanner globs;
    private final CopyDetector copies;
    private final TailCounters counters = new TailCounters();
    private final TailLoop loop;

    private final Map<String, TrackedFile> tracked = new LinkedHashMap<>();
    private final Map<String, Checkpoint> restored = new LinkedHashMap<>();
    /** The last failure per path or glob, to log only changes. */
    private final BoundedLru<String, String> pathFailures = new BoundedLru<>(MAX_REMEMBERED_FAILURES);
    private final byte[] buf = new byte[READ_BUFFER];

    private boolean loaded;
    private boolean firstStart;
    private boolean firstScanDone;
    private boolean dirty;
    private Instant lastCommit;
    private boolean backlog;
    private boolean closed;
    private String storeFailure;

    public LogTailer(TailSettings settings, CheckpointStore store, TailSink sink, Clock clock) {
        this(settings, store, sink, clock, LogFiles.local());
    }

    public LogTailer(TailSettings settings, CheckpointStore store, TailSink sink, Clock clock, LogFiles files) {
        this.settings = settings;
        this.store = store;
        this.sink = sink;
        this.clock = clock;
        this.files = files;
        this.globs = new GlobScanner(settings.paths());
        this.copies = new CopyDetector(settings.rotateWait());
        this.loop = new TailLoop(settings, this::pollOnce, this::hasBacklog);
    }

    // ---------------------------------------------------------------------------------------------------- running

    /** Runs {@link #pollOnce()} on one daemon thread ("gatewarden-tail") every poll interval until {@link #close()}. */
    public synchronized void start() {
        if (closed) throw new IllegalStateException("tailer is closed");
        loop.start();
    }

    /** Folders currently watched for file-system events (empty when watching is off or unavailable). */
    Set<Path> watchedFolders() {
        return loop.watchedFolders();
    }

    private synchronized boolean hasBacklog() {
        return backlog;
    }

    /** Stops the thread (if started), commits the checkpoint and closes the files. */
    @Override
    public void close() {
        loop.stop();
        synchronized (this) {
            if (closed) return;
            if (loaded && dirty) commit(clock.instant());
            for (TrackedFile f : tracked.values()) closeReader(f);
            closed = true;
        }
    }

    // ---------------------------------------------------------------------------------------------------- one cycle

    /**
     * One cycle: find the files, notice rotations and truncations, read what is new, deliver it, commit the
     * checkpoint when due. Returns the number of lines the sink accepted. Never throws.
     */
    public synchronized int pollOnce() {
        if (closed) return 0;
        try {
            return cycle(clock.instant());
        } catch (RuntimeException e) {
            LOG.log(ERROR, "tail cycle failed", e);
            return 0;
        }
    }

    private int cycle(Instant now) {
        backlog = false;
        if (!loaded && !load(now)) return 0;

        GlobScanner.Result scan = globs.scan();
        for (String err : scan.errors()) noteFailure(err, err);
        for (TrackedFile t : tracked.values()) t.beginCycle();
        for (Path p : scan.files()) see(p, now);
        if (!firstScanDone) {
            findRotatedWhileDown(now);
            if (scan.complete()) restored.clear();
            firstScanDone = true;
        }

        List<TrackedFile> firstPass = new ArrayList<>(tracked.values());
        // resumed files first: a checkpointed file found truncated must be known before a copy of it is classified
        firstPass.sort(Comparator.comparingInt(t -> t.phase() instanceof FilePhase.Resume ? 0 : 1));
        for (TrackedFile t : firstPass) {
            if (!t.seen) continue;
            if (t.reader == null && !open(t, now)) continue;
            try {
                if (t.following()) verify(t, now);
                else if (!(t.phase() instanceof FilePhase.CopyCandidate)) position(t, now);
            } catch (IOException e) {
                readFailed(t, e);
            }
        }
        for (TrackedFile t : List.copyOf(tracked.values())) {
            if (t.phase() instanceof FilePhase.CopyCandidate && t.reader != null) {
                try {
                    classify(t, now);
                } catch (IOException e) {
                    readFailed(t, e);
                }
            }
        }

        List<TrackedFile> order = new ArrayList<>(tracked.values());
        order.sort(READ_ORDER);
        int delivered = 0;
        boolean sinkRefused = false;
        for (TrackedFile t : order) {
            if (!t.readable()) continue;
            int n = read(t, now);
            if (n < 0) {
                sinkRefused = true; // the sink is unhappy: leave the rest for the next cycle
                break;
            }
            delivered += n;
        }
        if (!sinkRefused) {
            for (TrackedFile t : List.copyOf(tracked.values())) {
                if (!t.seen) departed(t, now);
            }
        }
        copies.forgetOld(now);
        if (dirty && commitDue(now)) commit(now);
        counters.publishLag(tracked.values());
        noteFolders();
        return delivered;
    }

    /**
     * Older content first: copies that continue a truncated file and files that left their path, then files we
     * already followed, then new ones; within each, by modification time, then by name in gateway order.
     */
    private static final Comparator<TrackedFile> READ_ORDER = Comparator
            .comparingInt((TrackedFile t) -> t.continuation || t.goneSince != null ? 0 : t.knownBeforeThisPoll ? 1 : 2)
            .thenComparing(t -> t.mtime, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(t -> t.path, LogOrder.GATEWAY_ORDER);

    private boolean load(Instant now) {
        try {
            Optional<Checkpoints> saved = store.load();
            firstStart = saved.isEmpty();
            saved.ifPresent(c -> c.files().forEach(f -> restored.put(f.fileKey(), f)));
            // departed files whose copy had not shown up yet when we stopped: a copy found now continues at our offset
            saved.ifPresent(c -> c.departed().stream().filter(d -> d.headLength() > 0).forEach(d -> copies.rememberRewritten(d, now)));
            loaded = true;
            if (storeFailure != null) LOG.log(INFO, "tail checkpoints loaded after earlier failure");
            storeFailure = null;
            LOG.log(INFO, firstStart ? "tail: no checkpoint yet, starting at the "
                    + (settings.fromStart() ? "start" : "end") + " of existing files"
                    : "tail: resuming from " + restored.size() + " checkpointed file(s)");
            return true;
        } catch (IOException | RuntimeException e) {
            counters.checkpointErrors.increment();
            if (!e.toString().equals(storeFailure)) {
                LOG.log(ERROR, "tail: cannot load checkpoints (will retry, reading nothing until then): " + e);
                storeFailure = e.toString();
            }
            return false;
        }
    }

    private void see(Path p, Instant now) {
        FileStat st;
        try {
            st = files.stat(p);
        } catch (NoSuchFileException e) {
            return; // vanished between listing and stat
        } catch (IOException | RuntimeException e) {
            counters.reopenErrors.increment();
            noteFailure(p.toString(), e.toString());
            return;
        }
        if (pathFailures.remove(p.toString()) != null) LOG.log(INFO, "tail: " + p + " is readable again");
        TrackedFile t = tracked.get(st.fileKey());
        if (t == null) {
            t = follow(p, st, now);
            tracked.put(t.key, t);
        } else if (t.seen) {
            return; // another name (hard link) of a file already seen in this cycle
        } else if (!t.path.equals(p)) {
            counters.rotations.increment();
            LOG.log(INFO, "tail: " + t.path + " was renamed to " + p + " (rotation); finishing it under its new name");
            t.path = p;
        }
        t.seen = true;
        t.goneSince = null;
        t.size = st.size();
        t.mtime = st.lastModified();
    }

    private TrackedFile follow(Path p, FileStat st, Instant now) {
        Checkpoint c = restored.remove(st.fileKey());
        FilePhase start;
        String how;
        if (c != null) {
            start = new FilePhase.Resume(c);
            how = "resume";
        } else if (!firstScanDone && firstStart && !settings.fromStart()) {
            start = new FilePhase.FromEnd(st.size());
            how = "end";
        } else {
            start = new FilePhase.FromZero();
            how = "zero";
        }
        TrackedFile t = new TrackedFile(st.fileKey(), p, settings.maxLineBytes(), now, start);
        t.knownBeforeThisPoll = false;
        t.size = st.size();
        t.mtime = st.lastModified();
        LOG.log(INFO, "tail: following " + p + " (" + how + ")");
        return t;
    }

    /**
     * A checkpointed file that no glob names any more was rotated out of the globs while we were down: look for it
     * (by identity) next to its old name, and finish it.
     */
    private void findRotatedWhileDown(Instant now) {
        if (restored.isEmpty()) return;
        Set<Path> dirs = new HashSet<>();
        for (Checkpoint c : restored.values()) {
            Path parent = Path.of(c.path()).toAbsolutePath().getParent();
            if (parent != null) dirs.add(parent);
        }
        for (Path dir : dirs) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (restored.isEmpty()) return;
                    if (!Files.isRegularFile(p)) continue;
                    FileStat st;
                    try {
                        st = files.stat(p);
                    } catch (IOException e) {
                        continue;
                    }
                    if (!restored.containsKey(st.fileKey()) || tracked.containsKey(st.fileKey())) continue;
                    TrackedFile t = follow(p, st, now);
                    tracked.put(t.key, t);
                    t.seen = true; // open and position it in this cycle; it is marked gone after reading
                    t.goneSince = null;
                    LOG.log(INFO, "tail: " + p + " was rotated out of the globs while gatewarden was down; finishing it");
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(DEBUG, "tail: cannot look for rotated files in " + dir + ": " + e);
            }
        }
    }

    private boolean open(TrackedFile t, Instant now) {
        Tailer.RandomAccessResourceBridge r = null;
        try {
            r = files.open(t.path);
            FileStat again = files.stat(t.path);
            if (!again.fileKey().equals(t.key)) throw new IOException("file was replaced while being opened");
            t.reader = r;
            t.size = again.size();
            if (t.failure != null) {
                LOG.log(INFO, "tail: " + t.path + " is readable again");
                t.failure = null;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            closeQuietly(r);
            t.reader = null;
            counters.reopenErrors.increment();
            noteFailure(t, e);
            return false;
        }
    }

    /** First positioning of a freshly opened file, according to how it was found. */
    private void position(TrackedFile t, Instant now) throws IOException {
        FilePhase phase = t.phase();
        if (phase instanceof FilePhase.Resume resume) {
            Checkpoint c = resume.checkpoint();
            byte[] h = FileBytes.head(t, c.headLength());
            boolean same = h.length == c.headLength() && TrackedFile.sha256(h, h.length).equals(c.headSha256())
                    && t.size >= c.offset();
            if (same) {
                setPosition(t, c.offset());
                t.setHead(h);
            } else {
                LOG.log(INFO, "tail: " + t.path + " is not the file its checkpoint describes (rewritten or inode"
                        + " reused while gatewarden was down); reading it from the start");
                // a copy of what it held (copytruncate with the copy in our globs) continues at the checkpoint
                if (c.headLength() > 0) copies.rememberRewritten(c, now);
                setPosition(t, 0);
                t.setHead(FileBytes.head(t, TrackedFile.HEAD_BYTES));
            }
            verify(t, now);
        } else if (phase instanceof FilePhase.FromEnd fromEnd) {
            long startSize = fromEnd.sizeWhenSeen();
            long off = FileBytes.lineStartBefore(t, startSize, settings.maxLineBytes(), buf);
            if (off < 0) {
                setPosition(t, startSize);
                t.splitter.resetDiscarding(startSize); // we are inside an oversized line: skip to its end
            } else {
                setPosition(t, off);
            }
            t.setHead(FileBytes.head(t, TrackedFile.HEAD_BYTES));
            t.headCheckedAtSize = t.size;
        } else if (phase instanceof FilePhase.FromZero) {
            if (t.size == 0) return; // decide once there are bytes to compare (a copy may be starting)
            t.suspectCopyOf("?", now);
            classify(t, now);
        }
    }

    /** A copy candidate: continue where its original was, read it from 0, or wait (see {@link CopyDetector#classify}). */
    private void classify(TrackedFile t, Instant now) throws IOException {
        CopyDetector.Settle settle = copies.classify(t, now, tracked.values());
        if (settle == null) return;
        setPosition(t, settle.offset());
        if (settle.why() != null) {
            LOG.log(INFO, "tail: " + t.path + " " + settle.why() + " (copytruncate?): continuing at byte " + settle.offset());
        }
        if (settle.continuation()) t.continuation = true;
    }

    /**
     * Notices truncation (copytruncate: the file shrank below our offset, or its first bytes were rewritten) when the
     * size changed. A touch changes only the modification time, so it is not looked at, let alone re-read.
     */
    private void verify(TrackedFile t, Instant now) throws IOException {
        if (t.size == t.headCheckedAtSize) return;
        byte[] h = FileBytes.head(t, TrackedFile.HEAD_BYTES);
        boolean truncated = t.size < t.splitter.position()
                || h.length < t.head.length || !Arrays.equals(h, 0, t.head.length, t.head, 0, t.head.length);
        if (truncated) {
            counters.truncations.increment();
            LOG.log(INFO, "tail: " + t.path + " was truncated (size " + t.size + ", we were at " + t.splitter.position()
                    + "); reading it again from the start");
            copies.remember(new CopyDetector.Departure(t.key, t.head, t.acked, now));
            setPosition(t, 0);
            dirty = true;
        }
        if (truncated || h.length > t.head.length) t.setHead(h);
        t.headCheckedAtSize = t.size;
    }

    private void setPosition(TrackedFile t, long offset) {
        t.positionAt(offset);
        dirty = true;
    }

    // ---------------------------------------------------------------------------------------------------- reading

    /** Collects the lines of one file into the batch under construction. */
    private final class Batch implements LineSplitter.Output {
        final TrackedFile file;
        final List<TailLine> lines = new ArrayList<>();
        int skippedLines;
        int delivered;

        Batch(TrackedFile file) {
            this.file = file;
        }

        @Override
        public void line(byte[] b, int from, int to, long offset, long nextOffset) {
            lines.add(new TailLine(new String(b, from, to - from, StandardCharsets.UTF_8),
                    new LinePosition(file.key, file.path, offset, nextOffset)));
        }

        @Override
        public void skipped(long offset, long nextOffset) {
            skippedLines++;
            LOG.log(WARNING, "tail: skipped a line of " + (nextOffset - offset) + " bytes at " + file.path + ":" + offset
                    + " (longer than max_line_bytes " + settings.maxLineBytes() + ")");
        }
    }

    /** Reads what is new in one file and delivers it; returns the lines accepted, or -1 when the sink refused. */
    private int read(TrackedFile t, Instant now) {
        Batch b = new Batch(t);
        try {
            t.reader.seek(t.splitter.position());
            long budget = MAX_READ_PER_FILE_PER_POLL;
            while (true) {
                if (budget <= 0) {
                    backlog = true;
                    break;
                }
                int n = t.reader.read(buf);
                if (n <= 0) {
                    t.atEof = true;
                    break;
                }
                budget -= n;
                t.lastReadAt = now;
                t.splitter.feed(buf, 0, n, b);
                if (b.lines.size() >= MAX_BATCH_LINES) {
                    if (rewrittenWhileRead(t, now)) return b.delivered;
                    if (!deliver(t, b, now)) return -1;
                }
            }
            if (!b.lines.isEmpty() && rewrittenWhileRead(t, now)) return b.delivered;
        } catch (IOException e) {
            readFailed(t, e);
            t.atEof = false;
            return b.delivered;
        }
        if (!deliver(t, b, now)) {
            t.atEof = false;
            return -1;
        }
        return b.delivered;
    }

    /**
     * {@link #verify} compared the first bytes before we read; a copytruncate and regrowth past our offset between that
     * and the read would make us deliver the new content's bytes as if they continued the old (found by the kill -9
     * fault suite, on a loaded machine). So the first bytes are compared again once the bytes are read and before
     * they are delivered: if they changed, what was read is dropped and the file is handled as truncated.
     */
    private boolean rewrittenWhileRead(TrackedFile t, Instant now) throws IOException {
        if (t.head.length == 0) return false;
        long p = t.reader.getPointer();
        byte[] h = new byte[t.head.length];
        t.reader.seek(0);
        int got = FileBytes.readFully(t.reader, h, h.length);
        t.reader.seek(p);
        if (got == h.length && Arrays.equals(h, t.head)) return false;
        counters.truncations.increment();
        LOG.log(INFO, "tail: " + t.path + " was truncated while being read (we were at " + t.acked
                + "); reading it again from the start");
        copies.remember(new CopyDetector.Departure(t.key, t.head, t.acked, now));
        setPosition(t, 0);
        t.setHead(Arrays.copyOf(h, Math.max(0, got)));
        t.headCheckedAtSize = -1;
        t.atEof = false;
        return true;
    }

    private boolean deliver(TrackedFile t, Batch b, Instant now) {
        long end = t.splitter.lineStart();
        if (b.lines.isEmpty()) {
            if (end != t.acked) consumed(t, end, 0, b.skippedLines);
            b.skippedLines = 0;
            return true;
        }
        TailBatch batch = new TailBatch(t.key, t.path, b.lines, end, snapshot(t, end));
        try {
            sink.accept(batch);
        } catch (Exception | LinkageError e) {
            counters.sinkErrors.increment();
            LOG.log(WARNING, "tail: the sink refused " + b.lines.size() + " line(s) of " + t.path
                    + "; they will be delivered again: " + e);
            t.splitter.reset(t.acked);
            b.lines.clear();
            b.skippedLines = 0;
            return false;
        }
        int n = b.lines.size();
        consumed(t, end, n, b.skippedLines);
        t.lastLineAt = now;
        b.delivered += n;
        b.lines.clear();
        b.skippedLines = 0;
        if (settings.checkpointInterval().isZero()) commit(now);
        return true;
    }

    private void consumed(TrackedFile t, long end, int n, int skippedLines) {
        counters.consumed(t.acked, end, n, skippedLines);
        t.acked = end;
        dirty = true;
    }

    private void readFailed(TrackedFile t, Exception e) {
        counters.reopenErrors.increment();
        noteFailure(t, e);
        closeReader(t);
        if (t.following()) t.splitter.reset(t.acked); // re-read from the last accepted line after reopening
    }

    // ---------------------------------------------------------------------------------------------------- leaving

    /** A file no glob names any more: finish it through the open handle, then drop it after rotate_wait. */
    private void departed(TrackedFile t, Instant now) {
        if (t.goneSince == null) {
            t.goneSince = now;
            counters.rotations.increment();
            LOG.log(INFO, "tail: " + t.path + " is gone from its path (rotated away or deleted); finishing it");
        }
        if (!t.readable()) {
            drop(t, now);
            return;
        }
        Instant idleSince = t.lastReadAt != null && t.lastReadAt.isAfter(t.goneSince) ? t.lastReadAt : t.goneSince;
        if (!t.atEof || now.isBefore(idleSince.plus(settings.rotateWait()))) return;
        if (t.splitter.hasPartial()) { // no newline will ever come: the unfinished last line is all there is
            Batch b = new Batch(t);
            t.splitter.flushPartial(b);
            if (!deliver(t, b, now)) return;
        }
        drop(t, now);
    }

    private void drop(TrackedFile t, Instant now) {
        closeReader(t);
        tracked.remove(t.key);
        if (t.following() && t.head.length > 0) copies.remember(new CopyDetector.Departure(t.key, t.head, t.acked, now));
        dirty = true;
        LOG.log(INFO, "tail: stopped following " + t.path);
    }

    // ---------------------------------------------------------------------------------------------------- checkpoints

    /** The checkpoints as they stand now (only offsets whose lines the sink accepted). */
    public synchronized Checkpoints checkpoints() {
        return snapshot(null, 0);
    }

    private Checkpoints snapshot(TrackedFile batchFile, long batchEnd) {
        List<Checkpoint> out = new ArrayList<>(tracked.size() + restored.size());
        for (TrackedFile f : tracked.values()) {
            Checkpoint c = f.checkpointAt(f == batchFile ? batchEnd : f.acked);
            if (c != null) out.add(c);
        }
        out.addAll(restored.values()); // not found yet (kept until one complete scan)
        return new Checkpoints(out, copies.pending());
    }

    private boolean commitDue(Instant now) {
        return lastCommit == null || !now.isBefore(lastCommit.plus(settings.checkpointInterval()));
    }

    private void commit(Instant now) {
        try {
            store.commit(snapshot(null, 0));
            dirty = false;
            lastCommit = now;
            if (storeFailure != null) {
                LOG.log(INFO, "tail: checkpoint committed again");
                storeFailure = null;
            }
        } catch (IOException | RuntimeException e) {
            counters.checkpointErrors.increment();
            if (!e.toString().equals(storeFailure)) {
                LOG.log(ERROR, "tail: cannot commit checkpoints (will retry): " + e);
                storeFailure = e.toString();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- stats

    /** Counters since start and each followed file's lag (as of the last cycle; times measured now). */
    public TailStats stats() {
        return counters.stats(clock.instant());
    }

    private void noteFolders() {
        if (!settings.watch()) return;
        Set<Path> f = new HashSet<>(globs.folders());
        for (TrackedFile t : tracked.values()) {
            Path parent = t.path.toAbsolutePath().getParent();
            if (parent != null) f.add(parent);
        }
        loop.watchFolders(f);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private void noteFailure(TrackedFile t, Exception e) {
        String msg = e.toString();
        if (!msg.equals(t.failure)) {
            LOG.log(WARNING, "tail: cannot read " + t.path + " (will retry every poll): " + msg);
            t.failure = msg;
        }
    }

    private void noteFailure(String what, String msg) {
        if (!msg.equals(pathFailures.put(what, msg))) LOG.log(WARNING, "tail: " + msg + " (will retry every poll)");
    }

    private static void closeReader(TrackedFile t) {
        closeQuietly(t.reader);
        t.reader = null;
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing useful to do
        }
    }
}
