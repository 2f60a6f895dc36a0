package io.gatewarden.act;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gatewarden.time.Durations;
import io.gatewarden.state.StateFile;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The guards every action goes through (switch primary, fail back, pin, restart, ...):
 * <ul>
 *   <li><b>dry run</b>: the permit says so; the action decides and journals but changes nothing;</li>
 *   <li><b>one in flight per gateway</b>: a second action on the same gateway is declined until the first one
 *       {@link #finish finishes} (a slot held longer than {@code max_in_flight} is released as lost);</li>
 *   <li><b>per-action cooldowns</b>: no two starts under the same cooldown key closer than the cooldown; the start
 *       times survive a restart of gatewarden (state file);</li>
 *   <li><b>journal</b>: every permit ("taken") and every decline ("declined", with its reason) is appended to the
 *       {@link ActionJournal}. Identical consecutive declines of one action are journalled once, so a condition
 *       re-evaluated every second does not flood the journal.</li>
 * </ul>
 * Thread-safe.
 */
public final class ActionGuard {

    /**
     * What an action wants to do.
     *
     * @param cooldownKey actions sharing a key share a cooldown (e.g. switch and fail-back: "primary"); default the action
     * @param cooldown    null: the {@code cooldowns} setting for the action, else none
     */
    public record Request(String gateway, String action, String cooldownKey, Duration cooldown, String reason, String incidentId) {
        public String key() {
            return gateway + "|" + (cooldownKey != null ? cooldownKey : action);
        }
    }

    public sealed interface Decision permits Permit, Declined {}

    /** Go ahead. Hand it back through {@link #finish} when done. */
    public record Permit(String actionId, Request request, boolean dryRun, Instant startedAt) implements Decision {}

    /** Not now. {@code code}: in_flight, cooldown, or a caller's own code (pinned, no_healthy_rung, ...). */
    public record Declined(Request request, String code, String reason, Instant retryAfter) implements Decision {}

    private final Clock clock;
    private final ActionJournal journal;
    private final Map<String, Duration> cooldowns;
    private final Duration maxInFlight;
    private final StateFile<Map<String, Map<String, Instant>>> stateFile;
    private volatile boolean dryRun;
    private final Map<String, Permit> inFlight = new HashMap<>();
    private final Map<String, Instant> lastStart = new HashMap<>();
    private final Map<String, String> lastDecline = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 256;
        }
    };

    /** @param stateFile cooldown start times (e.g. {@code <state dir>/guard.json}); null keeps them in memory */
    public ActionGuard(Clock clock, ActionJournal journal, ActSettings settings, Path stateFile) {
        this.clock = clock;
        this.journal = journal;
        this.cooldowns = settings.cooldowns();
        this.maxInFlight = settings.maxInFlight();
        this.dryRun = settings.dryRun();
        this.stateFile = stateFile == null ? null
                : new StateFile<>(stateFile, new TypeReference<>() {}, "action guard state", clock);
        load();
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Global dry-run switch (e.g. from the API): decide and journal, change nothing. */
    public void setDryRun(boolean on) {
        this.dryRun = on;
    }

    public ActionJournal journal() {
        return journal;
    }

    /** Asks to start an action; journals the permit or the decline. */
    public synchronized Decision request(Request r) {
        Instant now = clock.instant();
        Permit busy = inFlightAt(r.gateway(), now);
        if (busy != null && Duration.between(busy.startedAt(), now).compareTo(maxInFlight) > 0) {
            journal.append(JournalEntry.builder(busy.request().action(), "result", "lost")
                    .gateway(r.gateway()).actionId(busy.actionId())
                    .reason("held the in-flight slot longer than " + Durations.format(maxInFlight) + "; released").build());
            inFlight.remove(r.gateway());
            busy = null;
        }
        if (busy != null) {
            return decline(r, "in_flight", "another action is in flight on gateway " + r.gateway() + ": "
                    + busy.request().action() + " (" + busy.actionId() + ") since " + busy.startedAt(), null);
        }
        Duration cd = r.cooldown() != null ? r.cooldown() : cooldowns.getOrDefault(r.action(), Duration.ZERO);
        Instant last = lastStart.get(r.key());
        if (last != null && last.isAfter(now)) {
            // the clock went back past the last start: the cooldown restarts from now (a full cooldown, never longer)
            last = now;
            lastStart.put(r.key(), now);
        }
        if (last != null && !cd.isZero() && now.isBefore(last.plus(cd))) {
            Instant until = last.plus(cd);
            return decline(r, "cooldown", r.action() + " declined: last action under '" + r.key() + "' started at " + last
                    + ", cooldown " + Durations.format(cd) + " lasts until " + until, until);
        }
        Permit p = new Permit(UUID.randomUUID().toString().substring(0, 8), r, dryRun, now);
        // the decision is on disk before anything acts on it; if the journal cannot be written, nothing is permitted
        journal.append(JournalEntry.builder(r.action(), "taken", dryRun ? "dry_run" : "started")
                .gateway(r.gateway()).actionId(p.actionId()).reason(r.reason()).incidentId(r.incidentId()).dryRun(dryRun).build());
        inFlight.put(r.gateway(), p);
        lastStart.put(r.key(), now);
        lastDecline.remove(r.gateway() + "|" + r.action());
        save();
        return p;
    }

    /**
     * Claims the gateway's in-flight slot without cooldown or journal, for an action that applies and journals its
     * own guards (the restarter has its own budget). Empty when another action holds the gateway.
     */
    public synchronized Optional<Permit> claim(String gateway, String action) {
        Instant now = clock.instant();
        Permit busy = inFlightAt(gateway, now);
        if (busy != null && Duration.between(busy.startedAt(), now).compareTo(maxInFlight) <= 0) return Optional.empty();
        Permit p = new Permit(UUID.randomUUID().toString().substring(0, 8),
                new Request(gateway, action, action, Duration.ZERO, null, null), dryRun, now);
        inFlight.put(gateway, p);
        return Optional.of(p);
    }

    /** The gateway's in-flight permit; one that started "in the future" (the clock went back) is re-dated to now. */
    private Permit inFlightAt(String gateway, Instant now) {
        Permit busy = inFlight.get(gateway);
        if (busy != null && busy.startedAt().isAfter(now)) {
            busy = new Permit(busy.actionId(), busy.request(), busy.dryRun(), now);
            inFlight.put(gateway, busy);
        }
        return busy;
    }

    /** Ends an action (whatever its outcome); frees the gateway's in-flight slot. Idempotent. */
    public synchronized void finish(Permit p, String outcome) {
        Permit cur = inFlight.get(p.request().gateway());
        if (cur != null && cur.actionId().equals(p.actionId())) inFlight.remove(p.request().gateway());
    }

    /**
     * Journals a decision not to act that the caller made itself (e.g. "pinned", "no healthy rung"), with the same
     * de-duplication as the guard's own declines.
     */
    public synchronized Declined decline(Request r, String code, String reason, Instant retryAfter) {
        String k = r.gateway() + "|" + r.action();
        String sig = code + "|" + reason;
        if (!sig.equals(lastDecline.get(k))) {
            lastDecline.put(k, sig);
            journal.append(JournalEntry.builder(r.action(), "declined", code)
                    .gateway(r.gateway()).reason(reason).incidentId(r.incidentId()).dryRun(dryRun).build());
        }
        return new Declined(r, code, reason, retryAfter);
    }

    public synchronized Optional<Permit> inFlight(String gateway) {
        return Optional.ofNullable(inFlight.get(gateway));
    }

    /** When the next start under this request's cooldown key is allowed (now if no cooldown runs). */
    public synchronized Instant nextAllowed(Request r) {
        Duration cd = r.cooldown() != null ? r.cooldown() : cooldowns.getOrDefault(r.action(), Duration.ZERO);
        Instant last = lastStart.get(r.key());
        Instant now = clock.instant();
        if (last != null && last.isAfter(now)) last = now; // as request() will see it after a clock step back
        return last == null || now.isAfter(last.plus(cd)) ? now : last.plus(cd);
    }

    private void save() {
        if (stateFile != null) stateFile.writeOrWarn(Map.of("last_start", lastStart));
    }

    private void load() {
        if (stateFile == null) return;
        stateFile.read().map(m -> m.get("last_start")).ifPresent(lastStart::putAll);
    }
}
