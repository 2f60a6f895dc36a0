package io.gatewarden.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewarden.state.StateJson;
import io.gatewarden.state.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The durable outbox: one file per pending notification, {@code <dir>/<receiver>/<seq>-<key>.json}, written once
 * with {@link AtomicFiles} (temp + fsync + rename) before anyone may send it, deleted once the receiver took it.
 *
 * <p>Why files and not a journal: notifications are few (grouped and rate-limited) and a few KB each. A file per
 * notification is never rewritten, so there is no compaction and no torn tail to repair; "acknowledged" is just
 * "deleted", a crash at any point leaves either the whole notification or nothing, and an operator can read or
 * remove one with {@code ls} and {@code cat}. Attempt counters live in memory: after a restart a notification is
 * simply tried again, under the same idempotency key; its give-up clock runs from its creation time.
 * In memory the outbox keeps only a small index entry per notification; the body is read from its file when it
 * is sent, so a long receiver outage costs disk, not heap.
 */
final class Outbox {
    static final String FAILED_DIR = "failed";
    /** Per receiver: notifications held in memory while the outbox cannot be written (bounded memory). */
    static final int MAX_IN_MEMORY = 256;

    private final Path dir;
    private final AlertLog log;
    private final int maxFailedKept;
    private final ObjectMapper json = StateJson.mapper();
    private final AtomicLong seq = new AtomicLong();
    private volatile boolean degraded;
    private final Map<String, ReceiverQueue> queues = new HashMap<>();
    /** Notifications found pending at start-up, until {@link #takeResumed()} (the notification log checks them). */
    private List<Notification> resumed = new java.util.ArrayList<>();

    Outbox(Path dir, Set<String> receivers, AlertLog log, int maxFailedKept) throws IOException {
        this.dir = dir;
        this.log = log;
        this.maxFailedKept = maxFailedKept;
        Files.createDirectories(dir);
        for (String r : receivers) queues.put(r, new ReceiverQueue(r));
        load();
    }

    private void load() throws IOException {
        long maxSeq = 0;
        try (Stream<Path> subdirs = Files.list(dir)) {
            for (Path sub : subdirs.filter(Files::isDirectory).toList()) {
                String receiver = sub.getFileName().toString();
                ReceiverQueue q = queues.get(receiver);
                List<Path> files;
                try (Stream<Path> s = Files.list(sub)) {
                    files = s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")).sorted().toList();
                }
                if (q == null) {
                    if (!files.isEmpty()) log.warn("outbox holds " + files.size() + " notification(s) for receiver '" + receiver + "', which is no longer configured; left in " + sub);
                    continue;
                }
                for (Path f : files) {
                    try {
                        Notification n = json.readValue(Files.readString(f, StandardCharsets.UTF_8), Notification.class);
                        q.add(new OutboxEntry(n, f, null));
                        resumed.add(n);
                        maxSeq = Math.max(maxSeq, n.seq());
                    } catch (IOException | RuntimeException e) {
                        log.error("outbox file " + f + " is unreadable, moved to " + FAILED_DIR + "/: " + log.describe(e));
                        moveToFailed(f, sub, "unreadable: " + log.describe(e));
                    }
                }
                if (q.size() > 0) log.info("outbox: resuming " + q.size() + " pending notification(s) for receiver '" + receiver + "'");
            }
        }
        seq.set(maxSeq);
    }

    /** The notifications found pending when this outbox was opened (once; the list is then released). */
    List<Notification> takeResumed() {
        List<Notification> out = resumed;
        resumed = List.of();
        return out;
    }

    long nextSeq() {
        return seq.incrementAndGet();
    }

    ReceiverQueue queue(String receiver) {
        return queues.get(receiver);
    }

    /**
     * Makes the notification durable and visible to its worker; false when one with the same key is already pending.
     * When the state dir takes no writes (full, read-only) the notification is kept in memory instead, up to
     * {@link #MAX_IN_MEMORY} per receiver: an alert about a full disk must still go out. Such a notification is lost
     * by a crash; the next ones are durable again as soon as a write succeeds.
     */
    boolean enqueue(Notification n) throws IOException {
        return enqueue(n, false);
    }

    /**
     * As {@link #enqueue(Notification)}; with {@code held} the notification is durable but its worker does not take it
     * until {@link #releaseHeld()}. The dispatcher holds what a pass queues until the pass has saved the notification
     * log: a notice delivered (and its file deleted) before the log recorded it would, after a kill -9, be announced
     * again under another key; a held file still on disk at start-up is reconciled into the log instead.
     */
    boolean enqueue(Notification n, boolean held) throws IOException {
        ReceiverQueue q = queues.get(n.receiver());
        if (q == null) throw new IllegalArgumentException("no receiver " + n.receiver());
        if (q.containsKey(n.idempotencyKey())) return false;
        Path f = dir.resolve(n.receiver()).resolve(String.format("%019d-%s.json", n.seq(), n.idempotencyKey()));
        try {
            AtomicFiles.write(f, json.writeValueAsBytes(n));
            if (degraded) log.info("outbox: the state dir takes writes again; notifications are durable again");
            degraded = false;
            q.add(new OutboxEntry(n, f, null, held));
        } catch (IOException e) {
            if (q.inMemory() >= MAX_IN_MEMORY) throw e;
            if (!degraded) {
                log.error("outbox: cannot write " + f.getFileName() + " (" + log.describe(e) + "); keeping notifications "
                        + "in memory until the state dir takes writes again");
            }
            degraded = true;
            q.add(new OutboxEntry(n, f, n, held));
        }
        return true;
    }

    /** Hands every held notification to its worker (after the dispatcher pass saved the notification log). */
    void releaseHeld() {
        for (ReceiverQueue q : queues.values()) q.releaseHeld();
    }

    /** The stored notification of an entry. */
    Notification read(OutboxEntry e) throws IOException {
        if (e.memory != null) return e.memory;
        return json.readValue(Files.readString(e.file, StandardCharsets.UTF_8), Notification.class);
    }

    /** The receiver took it: forget it for good. */
    void acknowledge(OutboxEntry e) throws IOException {
        if (e.memory == null) {
            Files.deleteIfExists(e.file);
            AtomicFiles.fsyncDirectory(e.file.getParent());
        }
        queues.get(e.receiver).remove(e);
    }

    /** It will never be delivered: keep a record (bounded) in {@code failed/} with the reason, and drop it from the queue. */
    void fail(OutboxEntry e, Notification notification, String reason, Instant at) {
        try {
            ObjectNode rec = json.createObjectNode();
            rec.put("failed_at", at.toString());
            rec.put("attempts", e.attempts);
            rec.put("reason", log.redactor().scrub(reason));
            if (notification != null) rec.set("notification", json.valueToTree(notification));
            else rec.put("file", e.file.getFileName().toString());
            Path failedDir = e.file.getParent().resolve(FAILED_DIR);
            AtomicFiles.write(failedDir.resolve(e.file.getFileName()), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(rec));
            if (e.memory == null) { // a notification kept in memory has no file to delete
                Files.deleteIfExists(e.file);
                AtomicFiles.fsyncDirectory(e.file.getParent());
            }
            trimFailed(failedDir);
        } catch (IOException ex) {
            log.error("could not record failed notification " + e.file.getFileName() + ": " + log.describe(ex));
        }
        queues.get(e.receiver).remove(e);
    }

    private void moveToFailed(Path f, Path sub, String reason) {
        try {
            Path failedDir = sub.resolve(FAILED_DIR);
            Files.createDirectories(failedDir);
            Files.move(f, failedDir.resolve(f.getFileName()));
            Files.writeString(failedDir.resolve(f.getFileName() + ".reason"), reason);
            trimFailed(failedDir);
        } catch (IOException ex) {
            log.error("could not move " + f + " aside: " + log.describe(ex));
        }
    }

    private void trimFailed(Path failedDir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(failedDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (int i = 0; i < files.size() - maxFailedKept; i++) {
            Files.deleteIfExists(files.get(i));
            Files.deleteIfExists(files.get(i).resolveSibling(files.get(i).getFileName() + ".reason"));
        }
    }

    /** The index entry of a pending notification (its body stays on disk) and its in-memory attempt state. */
    static final class OutboxEntry {
        final long seq;
        final String key;
        final String receiver;
        final String groupKey;
        final Instant createdAt;
        /** Where it is (or would be) stored. */
        final Path file;
        /** The notification itself when it could not be written to {@link #file}; null when it is on disk. */
        final Notification memory;
        int attempts;
        /** Written but not yet handed to the worker (see {@link #enqueue(Notification, boolean)}). Guarded by its queue. */
        boolean held;

        OutboxEntry(Notification n, Path file, Notification memory) {
            this(n, file, memory, false);
        }

        OutboxEntry(Notification n, Path file, Notification memory, boolean held) {
            this.held = held;
            this.memory = memory;
            this.seq = n.seq();
            this.key = n.idempotencyKey();
            this.receiver = n.receiver();
            this.groupKey = n.groupKey();
            this.createdAt = n.createdAt();
            this.file = file;
        }
    }

    /**
     * The pending notifications of one receiver, oldest first. Notifications of one group go out in order (a
     * Slack reply must follow its parent); across groups, the one that failed least goes first, so one notification
     * a receiver keeps refusing does not hold back the rest.
     */
    static final class ReceiverQueue {
        final String receiver;
        private final TreeMap<Long, OutboxEntry> entries = new TreeMap<>();
        private final Set<String> keys = new HashSet<>();

        ReceiverQueue(String receiver) {
            this.receiver = receiver;
        }

        synchronized void add(OutboxEntry e) {
            entries.put(e.seq, e);
            keys.add(e.key);
        }

        synchronized void remove(OutboxEntry e) {
            entries.remove(e.seq);
            keys.remove(e.key);
        }

        synchronized boolean containsKey(String key) {
            return keys.contains(key);
        }

        synchronized int size() {
            return entries.size();
        }

        synchronized void releaseHeld() {
            for (OutboxEntry e : entries.values()) e.held = false;
        }

        synchronized int inMemory() {
            int n = 0;
            for (OutboxEntry e : entries.values()) if (e.memory != null) n++;
            return n;
        }

        synchronized OutboxEntry next() {
            Set<String> seenGroups = new HashSet<>();
            OutboxEntry best = null;
            for (OutboxEntry e : entries.values()) {
                if (e.held) continue; // the newest of its group: nothing after it waits for it
                if (!seenGroups.add(e.groupKey)) continue; // an older one of this group goes first
                if (best == null || e.attempts < best.attempts) best = e;
                if (best.attempts == 0) break;
            }
            return best;
        }

        synchronized List<OutboxEntry> snapshot() {
            return new ArrayList<>(entries.values());
        }
    }
}
