package io.gatewarden.tail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static java.lang.System.Logger.Level.ERROR;

/**
 * The tail thread ("gatewarden-tail"): runs one cycle every {@code poll_interval}, at once again while a cycle left a
 * backlog, and sooner when a file-system event wakes it ({@code watch}). A cycle that throws is logged and the next
 * one runs: the thread must not die.
 */
final class TailLoop {
    private static final System.Logger LOG = System.getLogger(TailLoop.class.getName());

    /** Shortest time between two cycles started by file-system events (a busy log makes one event per write). */
    static final Duration MIN_WAKE_GAP = Duration.ofMillis(5);

    private final TailSettings settings;
    private final Runnable cycle;
    private final BooleanSupplier backlog;

    private final Object sleeper = new Object();
    private volatile boolean running;
    private Thread thread;
    /** Set by a file-system event, cleared when the cycle it asked for starts (guarded by sleeper). */
    private boolean woken;
    private volatile FolderWatcher watcher;
    /** Folders worth watching as of the last cycle: the globs' folders and those of the files we follow. */
    private volatile Set<Path> folders = Set.of();

    /**
     * @param cycle   one poll cycle
     * @param backlog whether the last cycle left bytes unread (its per-file read budget ran out)
     */
    TailLoop(TailSettings settings, Runnable cycle, BooleanSupplier backlog) {
        this.settings = settings;
        this.cycle = cycle;
        this.backlog = backlog;
    }

    synchronized void start() {
        if (thread != null) return;
        running = true;
        if (settings.watch()) {
            FolderWatcher w = new FolderWatcher(this::wake);
            if (w.start()) watcher = w;
        }
        thread = new Thread(this::loop, "gatewarden-tail");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread and the watcher, waiting up to 10 s for the cycle under way. */
    void stop() {
        Thread t;
        synchronized (sleeper) {
            running = false;
            sleeper.notifyAll();
        }
        synchronized (this) {
            t = thread;
        }
        FolderWatcher w = watcher;
        if (w != null) w.close();
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The folders to watch from the next cycle on. */
    void watchFolders(Set<Path> f) {
        if (!f.equals(folders)) folders = Set.copyOf(f);
    }

    /** Folders currently watched for file-system events (empty when watching is off or unavailable). */
    Set<Path> watchedFolders() {
        FolderWatcher w = watcher;
        return w == null ? Set.of() : w.folders();
    }

    /** A followed folder changed: run a cycle now rather than at the next poll. */
    void wake() {
        synchronized (sleeper) {
            woken = true;
            sleeper.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            boolean more;
            long cycleStart = System.nanoTime();
            synchronized (sleeper) {
                woken = false; // this cycle sees whatever the events announced so far
            }
            try {
                cycle.run();
                more = backlog.getAsBoolean();
                FolderWatcher w = watcher;
                if (w != null) w.watch(folders);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) { // the thread must not die: log and go on with the next cycle
                LOG.log(ERROR, "tail cycle failed", e);
                more = false;
            }
            if (more) continue;
            try {
                if (!sleep(cycleStart)) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Waits for the next cycle: poll_interval, or less when a file-system event wakes us. A writer flushing
     * every few milliseconds would make a cycle per flush, so woken cycles start at least {@link #MIN_WAKE_GAP}
     * apart. Returns false when the tailer is closing.
     */
    private boolean sleep(long cycleStart) throws InterruptedException {
        long pollNanos = Math.max(1, settings.pollInterval().toNanos());
        long due = System.nanoTime() + pollNanos;
        synchronized (sleeper) {
            while (running && !woken) {
                long left = due - System.nanoTime();
                if (left <= 0) return true;
                sleeper.wait(Math.max(1, left / 1_000_000));
            }
            long earliest = cycleStart + Math.min(MIN_WAKE_GAP.toNanos(), pollNanos);
            while (running) {
                long left = earliest - System.nanoTime();
                if (left <= 0) break;
                sleeper.wait(Math.max(1, left / 1_000_000));
            }
            return running;
        }
    }
}
