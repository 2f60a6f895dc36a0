package io.gatewarden.tail;

import org.apache.commons.io.input.Tailer;
import io.gatewarden.secret.Hashes;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** The tailer's state for one followed file (one identity, whatever its current name). */
final class TrackedFile {

    /** Where reading starts once the file is first opened. */
    enum Start { RESUME, END, ZERO }

    final String key;
    final LineSplitter splitter;
    final Instant followedSince;
    Path path;
    long size;
    FileTime mtime;
    Tailer.RandomAccessResourceBridge reader;

    Start start;
    boolean positioned;          // splitter/acked hold a real position
    Checkpoint restored;         // RESUME: the checkpoint to verify against the file's first bytes
    long startSize;              // END: size when first seen
    boolean knownBeforeThisPoll;

    long acked;                  // just past the last line the sink accepted (the checkpoint offset)
    byte[] head = new byte[0];   // the file's first bytes (up to HEAD_BYTES) as last verified
    private String headHash;
    long headCheckedAtSize = -1;

    boolean seen;                // named by a glob in this poll
    boolean atEof;               // the last read reached the end
    Instant goneSince;           // left its path (renamed out of the globs or deleted)
    Instant lastReadAt;
    Instant lastLineAt;

    String copyOf;               // pending: looks like a copy of that file (copytruncate), not read yet
    Instant pendingSince;
    boolean continuation;        // adopted as the copy of a truncated/removed file: its rest is older than anything new

    String failure;              // last open/read failure, to log only changes

    TrackedFile(String key, Path path, int maxLineBytes, Instant now) {
        this.key = key;
        this.path = path;
        this.splitter = new LineSplitter(maxLineBytes);
        this.followedSince = now;
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
