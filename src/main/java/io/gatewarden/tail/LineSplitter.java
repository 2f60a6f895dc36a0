package io.gatewarden.tail;

import java.util.Arrays;

/**
 * Splits a byte stream into lines by scanning for '\n' directly in the caller's buffer (no per-byte copies, no
 * decoding until a line is complete). A trailing '\r' is stripped, so "\r\n" works too. Bytes of an unfinished
 * line are held until their newline arrives. A line longer than {@code maxLineBytes} is never buffered whole:
 * once it outgrows the cap the splitter discards bytes until the next newline and reports the line as skipped.
 * <p>
 * Offsets are absolute positions in the file (or uncompressed stream); {@link #reset(long)} sets where the next
 * fed byte sits. Not thread-safe: one splitter per file.
 */
final class LineSplitter {

    interface Output {
        /** A complete line: {@code buf[from, to)} without its terminator, occupying {@code [offset, nextOffset)}. */
        void line(byte[] buf, int from, int to, long offset, long nextOffset);

        /** A line longer than the cap occupied {@code [offset, nextOffset)} and was dropped. */
        void skipped(long offset, long nextOffset);
    }

    private static final int SHRINK_ABOVE = 64 * 1024;

    private final int maxLineBytes;
    private byte[] pending = new byte[512];
    private int pendingLen;
    private boolean discarding;
    private long lineStart;   // offset of the first byte of the unfinished line
    private long position;    // offset of the next byte to be fed

    LineSplitter(int maxLineBytes) {
        if (maxLineBytes < 1) throw new IllegalArgumentException("maxLineBytes must be positive");
        this.maxLineBytes = maxLineBytes;
    }

    /** Forgets any unfinished line; the next fed byte is at {@code offset}. */
    void reset(long offset) {
        pendingLen = 0;
        discarding = false;
        lineStart = offset;
        position = offset;
        if (pending.length > SHRINK_ABOVE) pending = new byte[512];
    }

    /** Like {@link #reset(long)}, but {@code offset} lies inside a line: bytes up to the next newline are skipped. */
    void resetDiscarding(long offset) {
        reset(offset);
        discarding = true;
    }

    /** Offset of the next byte to feed. */
    long position() {
        return position;
    }

    /** Offset just past the last complete (delivered or skipped) line: where a restart must resume. */
    long lineStart() {
        return lineStart;
    }

    /** True when bytes of an unfinished line are held (or being discarded). */
    boolean hasPartial() {
        return position > lineStart;
    }

    void feed(byte[] buf, int off, int len, Output out) {
        final int end = off + len;
        final long base = position - off; // file offset of buf[0]
        int start = off;
        while (start < end) {
            int nl = indexOfNewline(buf, start, end);
            if (nl < 0) {
                hold(buf, start, end);
                break;
            }
            long next = base + nl + 1;
            if (discarding) {
                discarding = false;
                out.skipped(lineStart, next);
            } else if (pendingLen == 0) {
                emit(buf, start, nl, next, out);
            } else {
                int total = pendingLen + (nl - start);
                if (total > maxLineBytes + 1) { // +1: a trailing '\r' does not count
                    out.skipped(lineStart, next);
                } else {
                    append(buf, start, nl);
                    emit(pending, 0, pendingLen, next, out);
                }
                pendingLen = 0;
                if (pending.length > SHRINK_ABOVE) pending = new byte[512];
            }
            lineStart = next;
            start = nl + 1;
        }
        position += len;
    }

    /**
     * Delivers a held unfinished line as if its newline had come (for a file that is finished: replay of an
     * old log, or a followed file that is gone and will never grow again).
     */
    void flushPartial(Output out) {
        if (!hasPartial()) return;
        if (discarding) {
            out.skipped(lineStart, position);
        } else {
            emit(pending, 0, pendingLen, position, out);
        }
        pendingLen = 0;
        discarding = false;
        lineStart = position;
    }

    private void emit(byte[] buf, int from, int to, long next, Output out) {
        int t = to;
        if (t > from && buf[t - 1] == '\r') t--;
        if (t - from > maxLineBytes) {
            out.skipped(lineStart, next);
        } else {
            out.line(buf, from, t, lineStart, next);
        }
    }

    private void hold(byte[] buf, int from, int to) {
        if (discarding) return;
        if ((long) pendingLen + (to - from) > maxLineBytes + 1L) {
            discarding = true; // never buffer an oversized line whole
            pendingLen = 0;
            return;
        }
        append(buf, from, to);
    }

    private void append(byte[] buf, int from, int to) {
        int n = to - from;
        if (pendingLen + n > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLen + n, Math.min(pending.length * 2, maxLineBytes + 1)));
        }
        System.arraycopy(buf, from, pending, pendingLen, n);
        pendingLen += n;
    }

    static int indexOfNewline(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') return i;
        }
        return -1;
    }
}
