package io.gatewarden.tail;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Wakes the tailer as soon as something changes in a folder it follows (a write, a new file, a rename), so a line
 * is read within milliseconds instead of up to one {@code poll_interval} later. On Linux the JDK's
 * {@link WatchService} is inotify. Only a hint: the poll timer stays the source of truth (events can be missed,
 * overflow, or not exist on a file system such as NFS), and what is read is decided by the poll cycle alone.
 * Any failure here (no watch service, inotify limits) is logged once and leaves the tailer polling.
 */
final class FolderWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FolderWatcher.class.getName());
    /** Folders watched at once; beyond that the tailer just polls them (inotify watches are a per-user limit). */
    static final int MAX_FOLDERS = 64;

    private final Runnable onChange;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Set<String> reported = new HashSet<>();
    private WatchService service;
    private Thread thread;
    private volatile boolean closed;

    FolderWatcher(Runnable onChange) {
        this.onChange = onChange;
    }

    /** Starts the watch service and its thread; false (and a log line) when the platform has none. */
    synchronized boolean start() {
        if (closed || service != null) return service != null;
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(WARNING, "tail: no file-system events ({0}); new lines are seen by polling only", e.toString());
            return false;
        }
        thread = new Thread(this::loop, "gatewarden-tail-watch");
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    /** Watches exactly these folders (new ones registered, others dropped). Missing folders are skipped quietly. */
    synchronized void watch(Set<Path> folders) {
        if (service == null || closed) return;
        keys.entrySet().removeIf(e -> {
            if (folders.contains(e.getKey()) && e.getValue().isValid()) return false;
            e.getValue().cancel();
            return true;
        });
        for (Path folder : folders) {
            if (keys.containsKey(folder)) continue;
            if (keys.size() >= MAX_FOLDERS) {
                once("limit", "tail: more than " + MAX_FOLDERS + " folders to watch; the rest are polled only");
                break;
            }
            try {
                keys.put(folder, folder.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
            } catch (NoSuchFileException | NotDirectoryException e) {
                // not there yet: the poll will find it, and the next call registers it
            } catch (IOException | RuntimeException e) {
                // e.g. "User limit of inotify watches reached": polling still works
                once(folder.toString(), "tail: cannot watch " + folder + " (" + e + "); it is polled only");
            }
        }
    }

    synchronized Set<Path> folders() {
        return Set.copyOf(keys.keySet());
    }

    private void once(String what, String message) {
        if (reported.size() < 256 && reported.add(what)) LOG.log(WARNING, message);
    }

    private void loop() {
        WatchService ws;
        synchronized (this) {
            ws = service;
        }
        while (!closed) {
            WatchKey key;
            try {
                key = ws.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            key.pollEvents(); // what changed does not matter: the poll cycle looks at everything
            key.reset();
            try {
                onChange.run();
            } catch (RuntimeException e) {
                LOG.log(WARNING, "tail: wake-up failed", e);
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) return;
            closed = true;
            t = thread;
            if (service != null) {
                try {
                    service.close();
                } catch (IOException e) {
                    LOG.log(INFO, "tail: closing the watch service: {0}", e.toString());
                }
            }
            keys.clear();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
