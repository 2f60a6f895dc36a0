package io.gatewarden.pipeline;

import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.parse.LineParser;
import io.gatewarden.tail.LogSetReader;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replay's reader: finished logs in, parsed events out, in log order, as fast as the cores allow.
 * <ul>
 *   <li>Each log family (a rotated set, the daily files of one name) is read by its own thread in the gateway's
 *       order; lines are parsed in batches on a small pool ({@link LineParser}s are stateless), so parsing runs
 *       beside detection instead of before it. Only the caller's thread sees events, in order.</li>
 *   <li>Several families are merged by log time into one timeline (two log names in one folder, a slice next to the
 *       full log), and a line that another family already delivered a moment ago is the same line, not a second
 *       event: it is dropped and counted.</li>
 * </ul>
 * Memory is bounded: each family holds at most {@code depth} parsed batches, the duplicate check remembers the last
 * {@link #DEDUPE_WINDOW} lines.
 */
public final class ReplayReader {
    /** Lines remembered to recognise a line another family already delivered; after the merge copies sit close. */
    static final int DEDUPE_WINDOW = 1 << 16;
    /** Parsed-but-not-consumed text the reader may hold in all, shared by the families (bytes). */
    private static final int TEXT_BUDGET_BYTES = 16 << 20;

    interface Sink {
        void accept(GatewayEvent event, int lineBytes);
    }

    /** What was read: the files' summary, plus lines dropped as copies of another family's lines. */
    public record Outcome(LogSetReader.Summary summary, long duplicateLines) {}

    private final int maxLineBytes;
    private final LineParser parser;
    private final int threads;

    /**
     * @param threads parse workers; 0 = one per available core. Even on one core the reader, one parse worker and
     *                the detection thread stay apart: measured under {@code taskset -c 0}, doing all three on one
     *                thread cost ~15 % more CPU in all, since the JIT then compiles one huge hot path (parser and
     *                detectors inlined into every layer of the reading loop) several times over; the hand-offs
     *                (one per batch of up to 1,024 lines) cost next to nothing.
     */
    ReplayReader(int maxLineBytes, LineParser parser, int threads) {
        this.maxLineBytes = maxLineBytes;
        this.parser = parser;
        this.threads = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    Outcome read(List<List<Path>> families, Sink sink) throws IOException {
        if (families.isEmpty()) return new Outcome(new LogSetReader.Summary(0, 0, 0, 0), 0);
        boolean merge = families.size() > 1;
        int depth = merge ? 2 : 2 * threads + 2;
        int batchBytes = Math.max(16 * 1024, Math.min(1 << 20, TEXT_BUDGET_BYTES / (families.size() * (depth + 1))));
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("replay-parse"));
        List<FamilyFeed> feeds = new ArrayList<>(families.size());
        try {
            for (int i = 0; i < families.size(); i++) {
                FamilyFeed f = new FamilyFeed("replay-read-" + i, families.get(i), new LogSetReader(maxLineBytes),
                        parser, pool, depth, batchBytes, merge);
                feeds.add(f);
                f.start();
            }
            long duplicates = merge ? merged(feeds, sink) : single(feeds.get(0), sink);
            int files = 0;
            long lines = 0, bytes = 0, skipped = 0;
            for (FamilyFeed f : feeds) {
                LogSetReader.Summary s = f.summary();
                files += s.files();
                lines += s.lines();
                bytes += s.bytes();
                skipped += s.skippedLines();
            }
            return new Outcome(new LogSetReader.Summary(files, lines, bytes, skipped), duplicates);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("replay interrupted");
        } finally {
            for (FamilyFeed f : feeds) f.close();
            pool.shutdownNow();
        }
    }

    private static long single(FamilyFeed feed, Sink sink) throws IOException, InterruptedException {
        for (ParsedBatch b = feed.next(); b != null; b = feed.next()) {
            for (int i = 0; i < b.size; i++) sink.accept(b.events[i], b.lengths[i]);
        }
        return 0;
    }

    /** K-way merge by log time; ties keep the gateway's family order. */
    private static long merged(List<FamilyFeed> feeds, Sink sink) throws IOException, InterruptedException {
        PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator.comparing((Cursor c) -> c.headTime)
                .thenComparingInt(c -> c.family));
        for (int i = 0; i < feeds.size(); i++) {
            Cursor c = new Cursor(feeds.get(i), i);
            if (c.advance()) heads.add(c);
        }
        Dedupe dedupe = new Dedupe(DEDUPE_WINDOW);
        long duplicates = 0;
        while (!heads.isEmpty()) {
            Cursor c = heads.poll();
            ParsedBatch b = c.batch;
            int i = c.index;
            if (dedupe.isCopy(b.fingerprints[i], c.family)) {
                duplicates++;
            } else {
                sink.accept(b.events[i], b.lengths[i]);
            }
            if (b.events[i].time() != null) c.lastTime = b.events[i].time();
            c.index++;
            if (c.advance()) heads.add(c);
        }
        return duplicates;
    }

    /** One family's position in the merge. */
    private static final class Cursor {
        final FamilyFeed feed;
        final int family;
        ParsedBatch batch;
        int index;
        /** Time of the family's last timed line: where its untimed (malformed) lines sit in the merge. */
        Instant lastTime = Instant.MIN;
        Instant headTime;

        Cursor(FamilyFeed feed, int family) {
            this.feed = feed;
            this.family = family;
        }

        /** Moves to the next line, fetching the next batch when needed; false at the family's end. */
        boolean advance() throws IOException, InterruptedException {
            while (batch == null || index >= batch.size) {
                batch = feed.next();
                index = 0;
                if (batch == null) return false;
            }
            Instant t = batch.events[index].time();
            headTime = t != null ? t : lastTime;
            return true;
        }
    }

    /** Remembers which family delivered each of the last lines (by a 64-bit fingerprint of the text). */
    private static final class Dedupe {
        private final LinkedHashMap<Long, Integer> seen;

        Dedupe(int window) {
            this.seen = new LinkedHashMap<>(Math.min(window, 1024) * 2, 0.75f) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
                    return size() > window;
                }
            };
        }

        /**
         * True when another family delivered the same text recently. The same text twice in one family is two
         * events (a log may repeat a line), so only copies across families are dropped.
         */
        boolean isCopy(long fingerprint, int family) {
            Integer first = seen.putIfAbsent(fingerprint, family);
            return first != null && first != family;
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
