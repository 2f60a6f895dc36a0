package io.gatewarden.pipeline;

import io.gatewarden.parse.LineParser;
import io.gatewarden.tail.LogSetReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * One log family read front to back on its own thread: lines are cut into batches, each batch is parsed on the
 * shared pool, and the batches' futures wait in a bounded queue in file order. {@link #next()} hands them to the
 * one consuming thread in that order; a full queue makes the reader wait (back-pressure).
 */
final class FamilyFeed implements AutoCloseable {
    private static final Future<ParsedBatch> END = CompletableFuture.completedFuture(ParsedBatch.END);

    private final List<Path> files;
    private final LogSetReader reader;
    private final LineParser parser;
    private final ExecutorService pool;
    private final int batchBytes;
    private final boolean fingerprints;
    private final BlockingQueue<Future<ParsedBatch>> queue;
    private final Thread thread;
    private volatile LogSetReader.Summary summary;
    private volatile Throwable failure;
    private boolean ended;

    /** Thrown inside the reader's line handler to stop reading when the feed is closed. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    FamilyFeed(String name, List<Path> files, LogSetReader reader, LineParser parser, ExecutorService pool,
               int depth, int batchBytes, boolean fingerprints) {
        this.files = List.copyOf(files);
        this.reader = reader;
        this.parser = parser;
        this.pool = pool;
        this.batchBytes = batchBytes;
        this.fingerprints = fingerprints;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, depth));
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            Batcher batcher = new Batcher();
            int n = 0;
            long lines = 0, bytes = 0, skipped = 0;
            for (Path file : files) { // already in the gateway's order
                LogSetReader.Summary s = reader.readFileBytes(file, batcher::add);
                n += s.files();
                lines += s.lines();
                bytes += s.bytes();
                skipped += s.skippedLines();
                summary = new LogSetReader.Summary(n, lines, bytes, skipped);
            }
            batcher.flush();
        } catch (Stopped e) {
            return; // closed by the consumer; nobody waits for the end
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        }
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** The next parsed batch in file order, or null after the last one. */
    ParsedBatch next() throws IOException, InterruptedException {
        if (ended) return null;
        ParsedBatch b;
        try {
            b = queue.take().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("parsing a batch failed", e.getCause());
        }
        if (b != ParsedBatch.END) return b;
        ended = true;
        Throwable f = failure;
        if (f instanceof IOException io) throw io;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error err) throw err;
        return null;
    }

    /** What the reader went through; complete once {@link #next()} returned null. */
    LogSetReader.Summary summary() {
        LogSetReader.Summary s = summary;
        return s != null ? s : new LogSetReader.Summary(0, 0, 0, 0);
    }

    @Override
    public void close() {
        if (thread.isAlive()) thread.interrupt();
    }

    /** Cuts lines into {@link LineBatch}es and hands each to the pool. */
    private final class Batcher {
        private LineBatch batch = new LineBatch(batchBytes);

        void add(byte[] buf, int from, int to) {
            int len = to - from;
            if (batch.oversized(len)) { // one long line: a batch of its own
                flush();
                submit(LineBatch.single(buf, from, to));
                return;
            }
            if (!batch.fits(len)) flush();
            if (batch.add(buf, from, to)) flush();
        }

        void flush() {
            if (batch.size == 0) return;
            submit(batch);
            batch = new LineBatch(batchBytes);
        }

        private void submit(LineBatch mine) {
            Future<ParsedBatch> f = pool.submit(() -> ParsedBatch.parse(parser, mine.bytes, mine.starts, mine.size, fingerprints));
            try {
                queue.put(f);
            } catch (InterruptedException e) {
                throw new Stopped();
            }
        }
    }
}
