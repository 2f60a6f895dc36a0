package io.gatewarden.tail;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * Recognises copies: logrotate's copytruncate leaves the copy inside our globs, and it must continue where we were in
 * the original instead of being read again from 0. Remembers the files that stopped being followed or were truncated
 * (their first bytes and our offset there) and checkpointed files found rewritten at start-up (only a hash of their
 * first bytes), for twice {@code rotate_wait} and at least a minute.
 */
final class CopyDetector {
    private static final int MAX_DEPARTURES = 64;
    private static final Duration MIN_DEPARTURE_MEMORY = Duration.ofMinutes(1);

    /** A file that stopped being followed (dropped, or truncated): a copy of it may show up. */
    record Departure(String key, byte[] head, long offset, Instant at) {}

    /**
     * A checkpointed file found truncated or rewritten at start-up (copytruncate while gatewarden was down): only the
     * hash of its first bytes is known, which is enough to recognise its copy and continue that at the checkpoint.
     */
    private record CheckpointDeparture(Checkpoint checkpoint, Instant at) {}

    private record Match(Departure departure, TrackedFile live, boolean full) {}

    /** A copy candidate is decided: read it on from {@code offset}; {@code why} is for the log (null: a new file). */
    record Settle(long offset, String why, boolean continuation) {}

    private final Deque<Departure> departures = new ArrayDeque<>();
    private final Deque<CheckpointDeparture> checkpointDepartures = new ArrayDeque<>();
    private final Duration rotateWait;

    CopyDetector(Duration rotateWait) {
        this.rotateWait = rotateWait;
    }

    void remember(Departure d) {
        departures.addLast(d);
        while (departures.size() > MAX_DEPARTURES) departures.removeFirst();
    }

    /** A checkpointed file no longer holds what its checkpoint describes: a copy of it continues at the checkpoint. */
    void rememberRewritten(Checkpoint c, Instant at) {
        checkpointDepartures.addLast(new CheckpointDeparture(c, at));
        while (checkpointDepartures.size() > MAX_DEPARTURES) checkpointDepartures.removeFirst();
    }

    /**
     * What a copy may still turn up for, as checkpoints (the departed file's identity, our offset there, and the hash of
     * its first bytes): saved with the followed files' checkpoints, and given back to {@link #rememberRewritten} after a
     * restart. Without them a copy that could not be opened before a kill -9 would be read again from 0.
     */
    List<Checkpoint> pending() {
        List<Checkpoint> out = new ArrayList<>(checkpointDepartures.size() + departures.size());
        for (CheckpointDeparture cd : checkpointDepartures) out.add(cd.checkpoint());
        for (Departure d : departures) {
            if (d.head().length == 0) continue; // nothing to recognise a copy by
            out.add(new Checkpoint(d.key(), "", d.offset(), d.head().length, TrackedFile.sha256(d.head(), d.head().length)));
        }
        return out;
    }

    void forgetOld(Instant now) {
        Duration keep = rotateWait.multipliedBy(2);
        if (keep.compareTo(MIN_DEPARTURE_MEMORY) < 0) keep = MIN_DEPARTURE_MEMORY;
        while (!departures.isEmpty() && departures.peekFirst().at().plus(keep).isBefore(now)) departures.removeFirst();
        while (!checkpointDepartures.isEmpty() && checkpointDepartures.peekFirst().at().plus(keep).isBefore(now)) {
            checkpointDepartures.removeFirst();
        }
    }

    /**
     * A new file read "from 0" may be a copy of a file we have already read. Its first bytes tell: equal to those of a
     * file that was just truncated or dropped -> continue at the offset we had reached there; equal to a file we still
     * follow -> wait (the original is usually truncated a moment later) for at most rotate_wait; anything else -> a new
     * file, read from 0. Returns null while it waits ({@code t} stays a {@link FilePhase.CopyCandidate}).
     */
    Settle classify(TrackedFile t, Instant now, Collection<TrackedFile> tracked) throws IOException {
        FilePhase.CopyCandidate pending = (FilePhase.CopyCandidate) t.phase();
        byte[] h = FileBytes.head(t, TrackedFile.HEAD_BYTES);
        t.setHead(h);
        t.headCheckedAtSize = t.size;
        Match m = bestMatch(t, h, tracked);
        boolean timedOut = !now.isBefore(pending.since().plus(rotateWait));
        if (m == null) return new Settle(0, null, false);
        if (m.departure() != null && (m.full() || timedOut)) {
            // all of its first bytes (or all it has, once it stopped growing) are those of the departed file
            long off = m.departure().offset();
            boolean boundary = FileBytes.onLineBoundary(t, off);
            return new Settle(boundary ? off : 0, "continues a file that was truncated or removed (" + m.departure().key()
                    + " at " + off + (boundary ? "" : ", not a line start here") + "; " + h.length + " of its "
                    + m.departure().head().length + " first bytes compared)", true);
        }
        if (m.live() != null && timedOut) {
            TrackedFile orig = m.live();
            boolean certainCopy = m.full() && orig.head.length == TrackedFile.HEAD_BYTES;
            long off = certainCopy ? orig.acked : 0;
            return new Settle(FileBytes.onLineBoundary(t, off) ? off : 0, certainCopy ? "is a copy of " + orig.path : null, false);
        }
        t.suspectCopyOf(m.live() != null ? m.live().key : m.departure().key(), pending.since());
        return null;
    }

    private Match bestMatch(TrackedFile t, byte[] h, Collection<TrackedFile> tracked) {
        if (h.length == 0) return null;
        for (var it = checkpointDepartures.descendingIterator(); it.hasNext(); ) {
            CheckpointDeparture cd = it.next();
            Checkpoint c = cd.checkpoint();
            if (h.length >= c.headLength() && TrackedFile.sha256(h, c.headLength()).equals(c.headSha256())) {
                return new Match(new Departure(c.fileKey(), Arrays.copyOf(h, c.headLength()), c.offset(), cd.at()), null, true);
            }
        }
        Match prefix = null;
        for (var it = departures.descendingIterator(); it.hasNext(); ) {
            Departure d = it.next();
            if (samePrefix(h, d.head())) {
                if (h.length >= d.head().length) return new Match(d, null, true);
                if (prefix == null) prefix = new Match(d, null, false);
            }
        }
        for (TrackedFile o : tracked) {
            if (o == t || !o.following() || o.head.length == 0) continue;
            if (samePrefix(h, o.head)) {
                boolean full = h.length >= o.head.length;
                if (full || prefix == null) prefix = new Match(null, o, full);
            }
        }
        return prefix;
    }

    private static boolean samePrefix(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return n > 0 && Arrays.equals(a, 0, n, b, 0, n);
    }
}
