package io.gatewarden.tail;

import org.apache.commons.io.input.Tailer;
import io.gatewarden.secret.Hashes;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * The tailer's state for one followed file (one identity, whatever its current name): its {@link FilePhase}, the open
 * handle (closed after a read failure and reopened, in any phase), what we verified of its first bytes, and the flags
 * of the current cycle.
 */
final class TrackedFile {
    /** How many first bytes identify a file's content (with dev:ino), and tell a copy from a new file. */
    static final int HEAD_BYTES = 1024;

    final String key;
    final LineSplitter splitter;
    final Instant followedSince;
    Path path;
    long size;
    FileTime mtime;
    Tailer.RandomAccessResourceBridge reader;

    private FilePhase phase;

    long acked;                  // just past the last line the sink accepted (the checkpoint offset); 0 until Following
    byte[] head = new byte[0];   // the file's first bytes (up to HEAD_BYTES) as last verified
    private String headHash;
    long headCheckedAtSize = -1;

    // this cycle's flags (beginCycle)
    boolean seen;                // named by a glob in this poll
    boolean knownBeforeThisPoll;
    boolean atEof;               // the last read reached the end
    boolean continuation;        // adopted as the copy of a truncated/removed file: its rest is older than anything new

    Instant goneSince;           // left its path (renamed out of the globs or deleted)
    Instant lastReadAt;
    Instant lastLineAt;
    String failure;              // last open/read failure, to log only changes

    TrackedFile(String key, Path path, int maxLineBytes, Instant now, FilePhase start) {
        this.key = key;
        this.path = path;
        this.splitter = new LineSplitter(maxLineBytes);
        this.followedSince = now;
        this.phase = start;
    }

    FilePhase phase() {
        return phase;
    }

    /** Positioned: the splitter and {@link #acked} hold a real position. */
    boolean following() {
        return phase instanceof FilePhase.Following;
    }

    /** Open and positioned: its new lines can be read. */
    boolean readable() {
        return reader != null && following();
    }

    void beginCycle() {
        seen = false;
        knownBeforeThisPoll = true;
        atEof = false;
        continuation = false;
    }

    /** Reads on from {@code offset}: the one way into {@link FilePhase.Following}, and back to an offset once there. */
    void positionAt(long offset) {
        splitter.reset(offset);
        acked = offset;
        phase = FilePhase.FOLLOWING;
    }

    /** Not read yet: its first bytes match those of the file keyed {@code of}. */
    void suspectCopyOf(String of, Instant since) {
        if (following()) throw new IllegalStateException(path + " is already positioned");
        phase = new FilePhase.CopyCandidate(of, since);
    }

    /** The checkpoint to save for this file with {@code offset} as its position; null when it has none yet. */
    Checkpoint checkpointAt(long offset) {
        if (phase instanceof FilePhase.Resume r) return r.checkpoint(); // not opened yet: keep what we were told
        return following() ? checkpoint(offset) : null;
    }

    void setHead(byte[] bytes) {
        head = bytes;
        headHash = null;
    }

    String headHash() {
        if (headHash == null) headHash = sha256(head, head.length);
        return headHash;
    }

    Checkpoint checkpoint(long offset) {
        return new Checkpoint(key, path.toString(), offset, head.length, headHash());
    }

    static String sha256(byte[] bytes, int len) {
        return Hashes.sha256Hex(bytes, len);
    }
}
