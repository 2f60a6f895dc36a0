package io.gatewarden.tail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads finished logs front to back, as fast as the disk allows, for {@code replay}: files and folders are put in
 * the order the gateway wrote them ({@link #order}), {@code .gz} files (as logrotate leaves them) are inflated on the
 * fly, and every line reaches the handler with its position, exactly as the live tailer delivers it. Lines longer
 * than the cap are skipped and counted. The last line of a file is delivered even without a final newline: the
 * file is finished.
 */
public final class LogSetReader {
    private static final int BUFFER = 1 << 20;

    private final int maxLineBytes;

    /** What a read went through. */
    public record Summary(int files, long lines, long bytes, long skippedLines) {
        Summary plus(Summary o) {
            return new Summary(files + o.files, lines + o.lines, bytes + o.bytes, skippedLines + o.skippedLines);
        }
    }

    public LogSetReader() {
        this(TailSettings.DEFAULT_MAX_LINE_BYTES);
    }

    public LogSetReader(int maxLineBytes) {
        if (maxLineBytes < 1) throw new IllegalArgumentException("maxLineBytes must be positive");
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Expands folders (their log files: {@code *.log}, {@code *.jsonl}, rotated and {@code .gz} variants, not
     * recursing) and sorts everything in the gateway's order: per family, by date, then rotated files from the
     * highest number down to the live file.
     *
     * @throws NoSuchFileException when an input does not exist
     */
    public static List<Path> order(Collection<Path> inputs) throws IOException {
        Set<Path> all = new LinkedHashSet<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(in)) {
                    for (Path p : ds) {
                        if (Files.isRegularFile(p) && LogOrder.isLogName(p.getFileName().toString())) {
                            all.add(p.toAbsolutePath().normalize());
                        }
                    }
                }
            } else if (Files.isRegularFile(in)) {
                all.add(in.toAbsolutePath().normalize());
            } else {
                throw new NoSuchFileException(in.toString(), null, "no such log file or folder");
            }
        }
        List<Path> sorted = new ArrayList<>(all);
        sorted.sort(LogOrder.GATEWAY_ORDER);
        return sorted;
    }

    /**
     * {@link #order} split by family: each inner list is one log the gateway wrote over time (a rotated set, the
     * daily files of one name), in the gateway's order. Different families may cover the same hours (two log names
     * in one folder, or a slice next to the full log), so a reader that wants one timeline merges them by time.
     */
    public static List<List<Path>> families(Collection<Path> inputs) throws IOException {
        List<List<Path>> out = new ArrayList<>();
        String family = null;
        for (Path p : order(inputs)) {
            String f = LogOrder.key(p).family();
            if (!f.equals(family)) {
                out.add(new ArrayList<>());
                family = f;
            }
            out.get(out.size() - 1).add(p);
        }
        return out;
    }

    /** Reads all inputs in {@link #order} order. */
    public Summary read(Collection<Path> inputs, LineHandler handler) throws IOException {
        Summary total = new Summary(0, 0, 0, 0);
        for (Path p : order(inputs)) total = total.plus(readFile(p, handler));
        return total;
    }

    /** A line as its UTF-8 bytes {@code buf[from, to)}, without terminator; the buffer is reused after the call. */
    @FunctionalInterface
    public interface ByteLineHandler {
        void onLine(byte[] buf, int from, int to);
    }

    /** Reads one file (plain or gzip, told by its first bytes). */
    public Summary readFile(Path file, LineHandler handler) throws IOException {
        String key = LogFiles.local().stat(file).fileKey();
        return split(file, new Counting(key, file, handler));
    }

    /**
     * Like {@link #readFile(Path, LineHandler)}, but hands over each line's bytes undecoded and without a position:
     * for a reader that parses bytes (replay), a String per line would be decoded only to be encoded again.
     */
    public Summary readFileBytes(Path file, ByteLineHandler handler) throws IOException {
        return split(file, new CountingBytes(handler));
    }

    private Summary split(Path file, Counted out) throws IOException {
        LineSplitter splitter = new LineSplitter(maxLineBytes);
        splitter.reset(0);
        byte[] buf = new byte[BUFFER];
        long total = 0;
        try (InputStream in = open(file)) {
            int n;
            while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
                splitter.feed(buf, 0, n, out);
                total += n;
            }
        }
        splitter.flushPartial(out);
        return new Summary(1, out.lines, total, out.skipped);
    }

    /** A splitter output that counts delivered and skipped lines. */
    private abstract static class Counted implements LineSplitter.Output {
        long lines;
        long skipped;

        @Override
        public void skipped(long offset, long nextOffset) {
            skipped++;
        }
    }

    private static final class CountingBytes extends Counted {
        private final ByteLineHandler handler;

        CountingBytes(ByteLineHandler handler) {
            this.handler = handler;
        }

        @Override
        public void line(byte[] buf, int from, int to, long offset, long nextOffset) {
            lines++;
            handler.onLine(buf, from, to);
        }
    }

    private static InputStream open(Path file) throws IOException {
        boolean gzip;
        try (InputStream probe = Files.newInputStream(file)) {
            byte[] magic = probe.readNBytes(2);
            gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        }
        InputStream raw = Files.newInputStream(file);
        return gzip ? new GZIPInputStream(raw, 64 * 1024) : raw;
    }

    private static final class Counting extends Counted {
        private final String key;
        private final Path path;
        private final LineHandler handler;

        Counting(String key, Path path, LineHandler handler) {
            this.key = key;
            this.path = path;
            this.handler = handler;
        }

        @Override
        public void line(byte[] buf, int from, int to, long offset, long nextOffset) {
            lines++;
            handler.onLine(new TailLine(new String(buf, from, to - from, StandardCharsets.UTF_8),
                    new LinePosition(key, path, offset, nextOffset)));
        }
    }
}
