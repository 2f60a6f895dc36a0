package io.gatewarden.pipeline;

/**
 * Consecutive lines copied into one byte array (no String per line: the parser reads bytes): line i is
 * {@code bytes[starts[i], starts[i+1])}.
 */
final class LineBatch {
    static final int MAX_LINES = 1024;

    final byte[] bytes;
    final int[] starts = new int[MAX_LINES + 1];
    int size;
    private int used;
    private final int byteBudget;

    LineBatch(int byteBudget) {
        this.byteBudget = byteBudget;
        this.bytes = new byte[Math.max(byteBudget, 1024)];
    }

    /** A batch holding just this one line, which did not fit a normal batch. */
    private LineBatch(byte[] buf, int from, int to) {
        this.byteBudget = to - from;
        this.bytes = java.util.Arrays.copyOfRange(buf, from, to);
        this.size = 1;
        this.used = to - from;
        this.starts[1] = used;
    }

    /** True when the line fits; false when the batch must be flushed first (it is non-empty then). */
    boolean fits(int len) {
        return size == 0 || (size < MAX_LINES && used + len <= bytes.length);
    }

    /** Whether a line this long needs a batch of its own. */
    boolean oversized(int len) {
        return len > bytes.length;
    }

    static LineBatch single(byte[] buf, int from, int to) {
        return new LineBatch(buf, from, to);
    }

    /** Adds a line that {@link #fits}; true when the batch is now full. */
    boolean add(byte[] buf, int from, int to) {
        int len = to - from;
        System.arraycopy(buf, from, bytes, used, len);
        starts[size++] = used;
        used += len;
        starts[size] = used;
        return size == MAX_LINES || used >= byteBudget;
    }

    void clear() {
        size = 0;
        used = 0;
    }
}
