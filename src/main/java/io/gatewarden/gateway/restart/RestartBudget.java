package io.gatewarden.gateway.restart;

import io.gatewarden.state.AtomicFiles;
import io.gatewarden.state.StateFile;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * At most {@code max} restarts within a sliding {@code window}; the next one trips the budget, and a tripped
 * budget stays tripped until a human calls {@link #reset()} (systemd's start limit, monit's "unmonitor").
 * Memory is bounded by {@code max} timestamps. State is written with {@link AtomicFiles} on every change, so a
 * restart of gatewarden neither forgets a restart loop nor un-trips the budget.
 */
public final class RestartBudget {
    private static final System.Logger LOG = System.getLogger(RestartBudget.class.getName());

    private final StateFile<State> file;
    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> restarts = new ArrayDeque<>();
    private Instant trippedAt;
    private String trippedReason;
    private Instant lastAttemptAt;

    /** What {@link #tryConsume} decided. */
    public enum Verdict {
        /** A restart may go ahead; it has been counted. */
        ALLOWED,
        /** This request used up the budget: it is now tripped (raise gateway_restart_loop once, now). */
        TRIPPED_NOW,
        /** The budget was already tripped. */
        TRIPPED
    }

    /** The persisted shape (snake_case JSON). */
    record State(List<Instant> restarts, Instant trippedAt, String trippedReason, Instant lastAttemptAt) {}

    /**
     * @param file where the state lives (e.g. {@code <state_dir>/restart-budget.json}); created on first change
     */
    public RestartBudget(Path file, RestartSettings.BudgetSettings settings, Clock clock) {
        this.file = file == null ? null : new StateFile<>(file, State.class, "restart budget state", clock);
        this.max = settings.maxRestarts();
        this.window = settings.window();
        this.clock = clock;
        load();
    }

    public synchronized Verdict tryConsume(String reason) {
        Instant now = clock.instant();
        if (trippedAt != null) return Verdict.TRIPPED;
        prune(now);
        if (restarts.size() >= max) {
            trippedAt = now;
            trippedReason = reason;
            save();
            return Verdict.TRIPPED_NOW;
        }
        restarts.addLast(now);
        lastAttemptAt = now;
        save();
        return Verdict.ALLOWED;
    }

    /** What {@link #tryConsume} would say, without counting anything (dry-run). */
    public synchronized Verdict peek() {
        if (trippedAt != null) return Verdict.TRIPPED;
        prune(clock.instant());
        return restarts.size() >= max ? Verdict.TRIPPED_NOW : Verdict.ALLOWED;
    }

    /** A human says the loop is dealt with: forget the restarts and un-trip. */
    public synchronized void reset() {
        restarts.clear();
        trippedAt = null;
        trippedReason = null;
        save();
    }

    public synchronized boolean tripped() {
        return trippedAt != null;
    }

    public synchronized Instant trippedAt() {
        return trippedAt;
    }

    public synchronized String trippedReason() {
        return trippedReason;
    }

    /** Restarts counted in the current window. */
    public synchronized int used() {
        prune(clock.instant());
        return restarts.size();
    }

    public int max() {
        return max;
    }

    public Duration window() {
        return window;
    }

    /** The last restart gatewarden performed (kept after a reset: cooldowns still apply). */
    public synchronized Instant lastAttemptAt() {
        Instant now = clock.instant();
        // after a clock step back the cooldown restarts from now (a full cooldown, never one that waits for the clock)
        if (lastAttemptAt != null && lastAttemptAt.isAfter(now)) lastAttemptAt = now;
        return lastAttemptAt;
    }

    private void prune(Instant now) {
        // restarts "in the future" (the clock went back) count as happening now: still counted, so a back-jump
        // grants no extra restart, but they age out one window from now instead of when the clock catches up
        if (!restarts.isEmpty() && restarts.peekLast().isAfter(now)) {
            int n = 0;
            while (!restarts.isEmpty() && restarts.peekLast().isAfter(now)) { restarts.removeLast(); n++; }
            for (int i = 0; i < n; i++) restarts.addLast(now);
        }
        Instant oldest = now.minus(window);
        while (!restarts.isEmpty() && !restarts.peekFirst().isAfter(oldest)) restarts.removeFirst();
        while (restarts.size() > max) restarts.removeFirst();
    }

    private void load() {
        if (file == null) return;
        file.read().ifPresent(s -> {
            if (s.restarts() != null) s.restarts().stream().filter(java.util.Objects::nonNull).sorted().forEach(restarts::addLast);
            while (restarts.size() > max) restarts.removeFirst();
            trippedAt = s.trippedAt();
            trippedReason = s.trippedReason();
            lastAttemptAt = s.lastAttemptAt();
        });
    }

    private void save() {
        // a failed write is logged by the state file: the budget still holds in memory
        if (file != null) file.writeOrWarn(new State(new ArrayList<>(restarts), trippedAt, trippedReason, lastAttemptAt));
    }
}
