package io.gatewarden.tail;

import org.apache.commons.io.input.Tailer;

import java.io.IOException;
import java.util.Arrays;

/** Random reads of a tracked file through its open handle: its first bytes, line starts, line boundaries. */
final class FileBytes {

    private FileBytes() {}

    /** The file's first bytes, at most {@code max} and at most its size as last seen. */
    static byte[] head(TrackedFile t, int max) throws IOException {
        int n = (int) Math.min(max, Math.max(0, t.size));
        if (n == 0) return new byte[0];
        byte[] h = new byte[n];
        t.reader.seek(0);
        int got = readFully(t.reader, h, n);
        return got == n ? h : Arrays.copyOf(h, got);
    }

    /**
     * Offset just after the last '\n' before {@code end}; 0 when the file holds only an unfinished line; -1 when the
     * line at the end is already longer than {@code maxLineBytes}.
     */
    static long lineStartBefore(TrackedFile t, long end, int maxLineBytes, byte[] buf) throws IOException {
        long limit = Math.max(0, end - maxLineBytes - 2L);
        long pos = end;
        while (pos > limit) {
            int n = (int) Math.min(buf.length, pos - limit);
            long from = pos - n;
            t.reader.seek(from);
            int got = readFully(t.reader, buf, n);
            for (int i = got - 1; i >= 0; i--) {
                if (buf[i] == '\n') return from + i + 1;
            }
            pos = from;
        }
        return limit == 0 ? 0 : -1;
    }

    /** Whether a line starts at {@code off} (true at 0 and beyond the end). */
    static boolean onLineBoundary(TrackedFile t, long off) throws IOException {
        if (off == 0 || t.size < off) return true;
        byte[] one = new byte[1];
        t.reader.seek(off - 1);
        return t.reader.read(one) == 1 && one[0] == '\n';
    }

    /** Reads up to {@code n} bytes into {@code into[0, n)} (the bridge only reads into whole arrays). */
    static int readFully(Tailer.RandomAccessResourceBridge r, byte[] into, int n) throws IOException {
        byte[] target = n == into.length ? into : new byte[n];
        int total = Math.max(0, r.read(target));
        while (total > 0 && total < n) {
            byte[] rest = new byte[n - total];
            int got = r.read(rest);
            if (got <= 0) break;
            System.arraycopy(rest, 0, target, total, got);
            total += got;
        }
        if (target != into) System.arraycopy(target, 0, into, 0, total);
        return total;
    }
}
