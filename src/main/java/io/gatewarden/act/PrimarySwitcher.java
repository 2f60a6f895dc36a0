package io.gatewarden.act;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gatewarden.breaker.BreakerListener;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.BreakerTransition;
import io.gatewarden.time.Durations;
import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.gateway.Json5EditException;
import io.gatewarden.gateway.RateLimitDomains;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Severity;
import io.gatewarden.parse.GatewayEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Switches the gateway's primary model away from a failing one, and back when it has recovered.
 *
 * <p><b>Switch.</b> When the current primary has an open breaker (any of its profiles), the first healthy rung of
 * {@code fallbacks} becomes {@code agents.defaults.model.primary}: a rung with no open breaker and with credentials,
 * preferring one outside the failing rate-limit domain, then closed over half-open breakers, then chain order.
 * <p><b>Confirm.</b> After the write, the gateway must log {@code config hot reload applied (...primary...)} within
 * {@code confirm_timeout}; on {@code config reload skipped (invalid config)} or silence the backup is restored (only
 * if the file still holds our write), the journal says so, an alert-worthy signal goes to the {@link IncidentSink}
 * and the target is not chosen again for {@code quarantine_after_rollback}.
 * <p><b>Fail back.</b> When every breaker of the original primary has been closed for {@code fail_back_dwell}, it is
 * written back with the same care. If someone else changed the primary meanwhile, fail-back is abandoned (journalled).
 * <p><b>No flapping.</b> Opening needs the breaker's thresholds, closing needs a successful trial plus the dwell
 * (hysteresis), and no two primary changes are closer than {@code min_time_between_switches}.
 * <p><b>Guards.</b> Everything goes through {@link ActionGuard}: dry run, one action in flight per gateway, cooldowns,
 * and a journal line for every decision, taken or declined. An operator can {@link #pin} a model (no automatic change
 * while pinned) and {@link #unpin} it.
 *
 * <p>Where it stands is one {@link SwitcherPhase} (idle, switched, pinned, awaiting the gateway's reload). It decides;
 * {@link TargetPicker} chooses the rung, {@link SwitchWrites} writes, confirms and rolls back, {@link SwitcherStore}
 * keeps {@code switcher.json}, {@link SwitcherAlerts} raises the signals.
 *
 * <p>Wiring: register it as a {@link BreakerListener} on the registry, feed it every {@link GatewayEvent} (it reads
 * the reload lines), call {@link #tick} about once a second, and optionally register it as an
 * {@link IncidentListener} so journal lines carry the incident id. Thread-safe (one lock; the breaker registry's
 * lock is only taken inside it, never the other way round).
 */
public final class PrimarySwitcher implements BreakerListener, IncidentListener {
    public static final String SWITCH = "switch_primary";
    public static final String FAIL_BACK = "fail_back";
    public static final String PIN = "pin_primary";
    public static final String UNPIN = "unpin_primary";
    public static final String RESTORE = "restore_config";
    private static final String COOLDOWN_KEY = "primary";

    private final String gateway;
    private final GatewayConfigWriter writer;
    private final BreakerRegistry breakers;
    private final ActionGuard guard;
    private final ActionJournal journal;
    private final ActSettings.SwitchSettings settings;
    private final CredentialCheck credentials;
    private final Clock clock;
    private final SwitcherStore store;
    private final TargetPicker picker;
    private final SwitchWrites writes;
    private final SwitcherAlerts alerts;
    private final List<ActionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> incidentByModel = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 64;
        }
    });
    private volatile Path legacyAuthProfiles;
    private volatile String currentPrimary;

    private SwitcherPhase phase;

    private record View(GatewayConfigWriter.Snapshot snapshot, ChainSnapshot chain) {}

    /**
     * @param stateFile where the switch episode and the pin survive a restart ({@code <state dir>/switcher.json}); null: memory only
     */
    public PrimarySwitcher(String gateway, GatewayConfigWriter writer, BreakerRegistry breakers, ActionGuard guard,
                           ActSettings.SwitchSettings settings, CredentialCheck credentials, Clock clock, Path stateFile) {
        this.gateway = gateway;
        this.writer = writer;
        this.breakers = breakers;
        this.guard = guard;
        this.journal = guard.journal();
        this.settings = settings == null ? ActSettings.SwitchSettings.defaults() : settings;
        this.credentials = credentials == null ? CredentialCheck.FROM_CONFIG : credentials;
        this.clock = clock;
        this.store = new SwitcherStore(stateFile, clock);
        this.picker = new TargetPicker(breakers, this.settings, this.credentials, clock);
        this.writes = new SwitchWrites(gateway, writer, guard, clock, this.settings.confirmTimeout());
        this.alerts = new SwitcherAlerts(gateway, clock);
        this.phase = SwitcherPhase.settled(store.load());
        View v = readQuietly();
        if (v != null) currentPrimary = v.chain().primary();
    }

    /** The one rate-limit-domain definition ({@code gateway.rate_limit_domains}) the target choice follows. */
    public void setRateLimitDomains(RateLimitDomains d) {
        picker.setRateLimitDomains(d);
    }

    public void setAlertSink(IncidentSink sink) {
        alerts.setSink(sink);
    }

    /** A legacy {@code auth-profiles.json} to consult for credentials and profile order; unset, the reader looks next to the config. */
    public void setLegacyAuthProfiles(Path file) {
        this.legacyAuthProfiles = file;
    }

    public void addListener(ActionListener l) {
        listeners.add(l);
    }

    /** The primary as last read from the config (lock-free; safe for {@link io.gatewarden.run.RunModel#setPrimary}). */
    public String currentPrimary() {
        return currentPrimary;
    }

    public synchronized SwitcherState state() {
        return phase.state();
    }

    /** Where the switcher stands (for tests and the package). */
    synchronized SwitcherPhase phase() {
        return phase;
    }

    /** For the status page: what is going on right now. */
    public record Status(String currentPrimary, SwitcherState state, String pendingAction, String pendingTo,
                         Instant pendingDeadline, boolean dryRun) {}

    public synchronized Status status() {
        PendingSwitch pending = pending();
        return new Status(currentPrimary, phase.state(), pending == null ? null : pending.action(), pending == null ? null : pending.to(),
                pending == null ? null : pending.deadline(), guard.dryRun());
    }

    // ------------------------------------------------------------------ inputs

    @Override
    public void onTransition(BreakerTransition t) {
        long t0 = System.nanoTime();
        synchronized (this) {
            contained(() -> evaluate("breaker " + t.key() + " " + t.to().wireName() + ": " + t.why(), t0));
        }
    }

    /** Reads the gateway's reload lines to confirm or roll back a pending write. Other events are ignored. */
    public synchronized void onEvent(GatewayEvent e) {
        PendingSwitch pending = pending();
        if (e == null || pending == null) return;
        switch (writes.judge(pending, e)) {
            case APPLIED -> contained(() -> confirm(e));
            case SKIPPED -> contained(() -> rollback("the gateway skipped the reload: " + text(e)));
            case NONE -> { }
        }
    }

    /** Timeouts and level-triggered re-evaluation (cooldowns end, dwell passes). Call about once a second. */
    public void tick() {
        long t0 = System.nanoTime();
        synchronized (this) {
            PendingSwitch pending = pending();
            if (pending != null && !clock.instant().isBefore(pending.deadline())) {
                contained(() -> rollback("no 'config hot reload applied' for " + pending.expectPath() + " within "
                        + Durations.format(settings.confirmTimeout())));
            }
            contained(() -> evaluate("tick", t0));
        }
    }

    /** A failure in one decision (journal disk full, a bug) is logged; the daemon and the next tick go on. */
    private static void contained(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.getLogger(PrimarySwitcher.class.getName()).log(System.Logger.Level.ERROR, "primary switcher step failed", e);
        }
    }

    @Override
    public void opened(Incident incident) {
        remember(incident);
    }

    @Override
    public void updated(Incident incident) {
        remember(incident);
    }

    @Override
    public void resolved(Incident incident) {
        String ref = refOf(incident);
        if (ref != null) incidentByModel.remove(ref, incident.id());
    }

    // ------------------------------------------------------------------ manual override

    /** Pins {@code modelRef} as primary (written if it is not already); no automatic switch or fail-back while pinned. */
    public synchronized ActionOutcome pin(String modelRef, String reason) {
        long t0 = System.nanoTime();
        String why = "operator pinned " + modelRef + (reason == null ? "" : ": " + reason);
        ActionGuard.Request r = new ActionGuard.Request(gateway, PIN, COOLDOWN_KEY, Duration.ZERO, why, null);
        if (modelRef == null || !modelRef.contains("/")) {
            guard.decline(r, "bad_model", "pin needs provider/model, got " + modelRef, null);
            return notifyOutcome(null, PIN, "declined", currentPrimary, modelRef, "pin needs provider/model", null, null);
        }
        PendingSwitch pending = pending();
        if (pending != null) {
            ActionGuard.Declined d = guard.decline(r, "in_flight", pending.action() + " to " + pending.to() + " awaits the gateway's confirmation", null);
            return notifyOutcome(null, PIN, "declined", currentPrimary, modelRef, d.reason(), null, null);
        }
        View v = read(r);
        if (v == null) return notifyOutcome(null, PIN, "refused", currentPrimary, modelRef, "config unreadable or invalid", null, null);
        SwitcherState before = phase.state();
        if (modelRef.equals(v.chain().primary())) {
            settle(before.withoutSwitch().withPin(modelRef, clock.instant(), reason));
            journal.append(JournalEntry.builder(PIN, "taken", "pinned").gateway(gateway).reason(why + " (already primary)").dryRun(guard.dryRun()).build());
            return notifyOutcome(null, PIN, "pinned", modelRef, modelRef, why, null, null);
        }
        if (declineUneditable(v, r)) {
            return notifyOutcome(null, PIN, "refused", v.chain().primary(), modelRef, v.chain().primaryNotEditable(), null, null);
        }
        ActionGuard.Decision d = guard.request(r);
        if (d instanceof ActionGuard.Declined dec) {
            return notifyOutcome(null, PIN, "declined", v.chain().primary(), modelRef, dec.reason(), null, null);
        }
        ActionGuard.Permit p = (ActionGuard.Permit) d;
        SwitcherState after = before;
        if (!p.dryRun()) {
            after = before.withoutSwitch().withPin(modelRef, clock.instant(), reason);
            settle(after); // saved before the write: a crash right after it must not forget the pin
        }
        List<GatewayConfigWriter.Change> changes = List.of(new GatewayConfigWriter.Change(v.chain().primaryPath(),
                TextNode.valueOf(v.chain().primary()), TextNode.valueOf(modelRef)));
        return write(p, PIN, v, v.chain().primary(), modelRef, changes, null, t0, before, after);
    }

    /** Ends a pin; automatic switching resumes at the next evaluation. */
    public synchronized ActionOutcome unpin(String reason) {
        String was = phase.state().pinned();
        if (was == null) return notifyOutcome(null, UNPIN, "unchanged", currentPrimary, currentPrimary, "nothing pinned", null, null);
        phase = phase.with(phase.state().withPin(null, null, null));
        store.save(phase.state());
        String why = "operator unpinned " + was + (reason == null ? "" : ": " + reason);
        journal.append(JournalEntry.builder(UNPIN, "taken", "unpinned").gateway(gateway).reason(why).build());
        return notifyOutcome(null, UNPIN, "unpinned", was, currentPrimary, why, null, null);
    }

    // ------------------------------------------------------------------ decisions

    private void evaluate(String trigger, long t0) {
        if (!settings.enabled() || phase instanceof SwitcherPhase.AwaitingReload) return;
        View v = readQuietly();
        if (v != null) currentPrimary = v.chain().primary();
        String primary = currentPrimary;
        boolean primaryOpen = primary != null && breakers.isModelOpen(primary);
        if (!primaryOpen) alerts.resolve(IncidentType.CHAIN_EXHAUSTED, primary);
        SwitcherState state = phase.state();
        if (!primaryOpen && !state.switched() && state.failedBackAt() != null
                && !clock.instant().isBefore(state.failedBackAt().plus(dwellInForce()))) {
            // the fail-back held for a whole dwell: the next episode starts at fail_back_dwell again
            settle(state.withFailBack(null, null));
        }
        if (!primaryOpen && !phase.state().switched()) return;
        if (v == null) {
            v = read(request(primaryOpen ? SWITCH : FAIL_BACK, trigger, primary));
            if (v == null) return;
        }
        if (phase instanceof SwitcherPhase.Switched switched && !java.util.Objects.equals(v.chain().primary(), switched.state().switchedTo())) {
            state = switched.state();
            String why = "primary is " + v.chain().primary() + ", not " + state.switchedTo() + " as gatewarden wrote: someone else changed it; fail-back to "
                    + state.originalPrimary() + " abandoned";
            journal.append(JournalEntry.builder(FAIL_BACK, "declined", "abandoned").gateway(gateway).reason(why).build());
            notifyOutcome(null, FAIL_BACK, "abandoned", state.switchedTo(), v.chain().primary(), why, null, null);
            settle(state.withoutSwitch());
            if (v.chain().primary() == null || !breakers.isModelOpen(v.chain().primary())) return;
        }
        if (phase instanceof SwitcherPhase.Pinned pinned) {
            if (primaryOpen) {
                guard.decline(request(SWITCH, "", primary), "pinned", "primary " + primary + " has an open breaker ("
                        + picker.describeOpen(primary) + ") but " + pinned.state().pinned() + " is pinned by an operator", null);
            }
            return;
        }
        if (primaryOpen) switchAway(v, t0);
        else if (phase instanceof SwitcherPhase.Switched switched) failBack(v, switched.state(), t0);
    }

    private void switchAway(View v, long t0) {
        ChainSnapshot chain = v.chain();
        String primary = chain.primary();
        String incident = incidentByModel.get(primary);
        String why = "primary " + primary + " has an open breaker (" + picker.describeOpen(primary) + ")";
        TargetPicker.Pick pick = picker.pick(chain, primary);
        if (pick.model() == null) {
            String reason = why + "; no healthy rung to switch to (" + pick.skipped() + ")";
            guard.decline(new ActionGuard.Request(gateway, SWITCH, COOLDOWN_KEY, settings.minTimeBetweenSwitches(), reason, incident),
                    "no_healthy_rung", reason, null);
            alerts.alert(IncidentType.CHAIN_EXHAUSTED, Severity.CRITICAL, primary, "no_healthy_rung:" + primary,
                    "primary " + primary + " is failing and gatewarden found no healthy rung to switch to", reason);
            return;
        }
        SwitcherState state = phase.state();
        String reason = why + "; switching to " + pick.model() + " (" + pick.note() + ")";
        Duration nextDwell = null;
        Instant now = clock.instant();
        if (!state.switched() && state.failedBackAt() != null && now.isBefore(state.failedBackAt().plus(dwellInForce()))) {
            Duration doubled = dwellInForce().multipliedBy(2);
            nextDwell = doubled.compareTo(settings.failBackDwellMax()) > 0 ? settings.failBackDwellMax() : doubled;
            reason += "; the fail-back to " + primary + " at " + state.failedBackAt() + " did not hold (failed again within its dwell of "
                    + Durations.format(dwellInForce()) + "): the next fail-back dwell doubles to " + Durations.format(nextDwell)
                    + (nextDwell.equals(settings.failBackDwellMax()) ? " (cap)" : "");
        }
        ActionGuard.Request req = new ActionGuard.Request(gateway, SWITCH, COOLDOWN_KEY, settings.minTimeBetweenSwitches(), reason, incident);
        if (declineUneditable(v, req)) return;
        ActionGuard.Decision d = guard.request(req);
        if (!(d instanceof ActionGuard.Permit p)) return;
        List<GatewayConfigWriter.Change> changes = new ArrayList<>();
        changes.add(new GatewayConfigWriter.Change(chain.primaryPath(), TextNode.valueOf(primary), TextNode.valueOf(pick.model())));
        List<String> reordered = null;
        if (settings.reorderFallbacks() && chain.fallbacksPath() != null) {
            reordered = picker.reorder(chain.fallbacks());
            if (reordered.equals(chain.fallbacks())) reordered = null;
            else changes.add(new GatewayConfigWriter.Change(chain.fallbacksPath(), array(chain.fallbacks()), array(reordered)));
        }
        SwitcherState after = state;
        if (!p.dryRun()) {
            after = state.switched() // switching again keeps the episode's original primary
                    ? state.withSwitch(state.originalPrimary(), state.originalFallbacks(), pick.model(),
                            reordered != null ? reordered : state.writtenFallbacks(), clock.instant(), incident)
                    : state.withSwitch(primary, chain.fallbacks(), pick.model(), reordered, clock.instant(), incident);
            if (nextDwell != null) after = after.withFailBack(null, nextDwell);
            else if (after.failedBackAt() != null) after = after.withFailBack(null, null);
        }
        write(p, SWITCH, v, primary, pick.model(), changes, incident, t0, state, after);
    }

    private void failBack(View v, SwitcherState state, long t0) {
        if (!settings.failBack()) return;
        ChainSnapshot chain = v.chain();
        String original = state.originalPrimary();
        String current = chain.primary();
        String incident = state.incidentId();
        ActionGuard.Request base = new ActionGuard.Request(gateway, FAIL_BACK, COOLDOWN_KEY, settings.minTimeBetweenSwitches(), "", incident);
        Instant now = clock.instant();
        Optional<Instant> closedSince = breakers.modelClosedSince(original);
        if (closedSince.isEmpty()) {
            guard.decline(base, "original_not_healthy", "original primary " + original + " is not healthy yet ("
                    + picker.describeNotClosed(original) + "); staying on " + current, null);
            return;
        }
        Duration closedFor = Duration.between(closedSince.get(), now);
        Duration dwell = dwellInForce();
        String dwellNote = dwell.equals(settings.failBackDwell()) ? "" : " (doubled: an earlier fail-back did not hold)";
        if (closedFor.compareTo(dwell) < 0) {
            guard.decline(base, "dwell", "original primary " + original + " closed since " + closedSince.get() + " ("
                    + picker.recoveryEvidence(original) + "); fail-back after " + Durations.format(dwell) + " closed" + dwellNote
                    + " (at " + closedSince.get().plus(dwell) + ")", closedSince.get().plus(dwell));
            return;
        }
        if (picker.quarantined(original, now)) {
            guard.decline(base, "quarantined", "original primary " + original + " was refused by the gateway at "
                    + picker.quarantinedAt(original) + "; not retried before "
                    + picker.quarantinedAt(original).plus(settings.quarantineAfterRollback()), null);
            return;
        }
        if (!credentials.hasCredentials(original, chain)) {
            guard.decline(base, "no_credentials", "original primary " + original + " has no credentials in the config any more", null);
            return;
        }
        String since = closedSince.get().equals(Instant.EPOCH) ? "no breaker left" : "closed for " + Durations.format(closedFor.withNanos(0));
        String reason = "original primary " + original + " is healthy (" + since + ", dwell " + Durations.format(dwell) + dwellNote
                + "; " + picker.recoveryEvidence(original) + "); failing back from " + current;
        ActionGuard.Request req = new ActionGuard.Request(gateway, FAIL_BACK, COOLDOWN_KEY, settings.minTimeBetweenSwitches(), reason, incident);
        if (declineUneditable(v, req)) return;
        ActionGuard.Decision d = guard.request(req);
        if (!(d instanceof ActionGuard.Permit p)) return;
        List<GatewayConfigWriter.Change> changes = new ArrayList<>();
        changes.add(new GatewayConfigWriter.Change(chain.primaryPath(), TextNode.valueOf(current), TextNode.valueOf(original)));
        if (state.writtenFallbacks() != null && state.originalFallbacks() != null && chain.fallbacksPath() != null
                && chain.fallbacks().equals(state.writtenFallbacks())) {
            changes.add(new GatewayConfigWriter.Change(chain.fallbacksPath(), array(state.writtenFallbacks()), array(state.originalFallbacks())));
        }
        SwitcherState after = p.dryRun() ? state : state.withoutSwitch().withFailBack(now, dwell);
        write(p, FAIL_BACK, v, current, original, changes, incident, t0, state, after);
    }

    /** The fail-back dwell in force: fail_back_dwell, or the doubled one after a fail-back that did not hold. */
    private Duration dwellInForce() {
        SwitcherState state = phase.state();
        return state.dwell() != null ? state.dwell() : settings.failBackDwell();
    }

    // ------------------------------------------------------------------ writing, confirming, rolling back

    /**
     * Writes the change; written, the switcher awaits the gateway's reload with {@code after} saved. Refused or not
     * written (dry run, nothing to change), the episode did not start: {@code before} again.
     */
    private ActionOutcome write(ActionGuard.Permit p, String action, View v, String from, String to,
                                List<GatewayConfigWriter.Change> changes, String incident, long t0,
                                SwitcherState before, SwitcherState after) {
        SwitchWrites.Attempt attempt = writes.write(p, action, v.snapshot().sha256(), from, to, changes, incident, t0, before);
        if (attempt instanceof SwitchWrites.Failed failed) {
            Exception e = failed.error();
            settle(before);
            writes.refused(p, action, e);
            alerts.alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, to, action + ":refused:" + from,
                    "gatewarden did not " + action.replace('_', ' ') + " " + from + " -> " + to + ": " + e.getMessage(), p.request().reason());
            return notifyOutcome(p.actionId(), action, "refused", from, to, e.getMessage(), null, null);
        }
        if (attempt instanceof SwitchWrites.NotWritten notWritten) {
            phase = SwitcherPhase.settled(before); // memory only, as before: a pin saved ahead of a dry run stays on disk
            return notifyOutcome(p.actionId(), action, notWritten.outcome(), from, to, p.request().reason(), null, null);
        }
        PendingSwitch pending = ((SwitchWrites.Written) attempt).pending();
        store.save(after);
        phase = new SwitcherPhase.AwaitingReload(pending, after);
        currentPrimary = to;
        return notifyOutcome(p.actionId(), action, "written", from, to, p.request().reason(), pending.triggerToWrite(), null);
    }

    private void confirm(GatewayEvent e) {
        SwitcherPhase.AwaitingReload awaiting = (SwitcherPhase.AwaitingReload) phase;
        PendingSwitch pd = awaiting.write();
        phase = SwitcherPhase.settled(awaiting.state());
        Duration toConfirm = writes.confirmed(pd, e);
        if (SWITCH.equals(pd.action())) alerts.resolve(IncidentType.CHAIN_EXHAUSTED, pd.from());
        notifyOutcome(pd.permit().actionId(), pd.action(), "confirmed", pd.from(), pd.to(), text(e), pd.triggerToWrite(), toConfirm);
    }

    private void rollback(String why) {
        SwitcherPhase.AwaitingReload awaiting = (SwitcherPhase.AwaitingReload) phase;
        PendingSwitch pd = awaiting.write();
        phase = SwitcherPhase.settled(awaiting.state()); // no longer waiting, whatever the restore below does
        ReloadConfirmation.Rollback rb = writes.restore(pd, why);
        if (rb.restored()) currentPrimary = pd.from();
        String outcome = rb.outcome();
        String detail = rb.restored() ? why : rb.detail();
        settle(PIN.equals(pd.action()) ? pd.previousState().withPin(null, null, null) : pd.previousState());
        writes.rolledBack(pd, rb, detail);
        picker.quarantine(pd.to(), clock.instant());
        alerts.alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.CRITICAL, pd.to(), pd.action() + ":" + pd.permit().actionId(),
                "gatewarden's " + pd.action().replace('_', ' ') + " " + pd.from() + " -> " + pd.to() + " was not applied by the gateway; "
                        + ("rolled_back".equals(outcome) ? "previous config restored" : "ROLLBACK FAILED, check openclaw.json"), detail);
        notifyOutcome(pd.permit().actionId(), pd.action(), outcome, pd.from(), pd.to(), detail, pd.triggerToWrite(), null);
    }

    /** The write waiting for the gateway's word; null when none. */
    private PendingSwitch pending() {
        return phase instanceof SwitcherPhase.AwaitingReload a ? a.write() : null;
    }

    /** Moves to the phase of {@code s} (no write waiting) and saves it. */
    private void settle(SwitcherState s) {
        phase = SwitcherPhase.settled(s);
        store.save(s);
    }

    // ------------------------------------------------------------------ helpers

    private ActionGuard.Request request(String action, String reason, String primary) {
        return new ActionGuard.Request(gateway, action, COOLDOWN_KEY, settings.minTimeBetweenSwitches(), reason,
                primary == null ? null : incidentByModel.get(primary));
    }

    private View readQuietly() {
        try {
            return readView();
        } catch (ConfigError | Json5EditException | IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads the config; when it cannot, journals a decline for {@code r} and raises an alert. */
    private View read(ActionGuard.Request r) {
        try {
            return readView();
        } catch (ConfigError | Json5EditException | IOException | RuntimeException e) {
            String why = "cannot read the gateway config: " + e.getMessage() + "; it is left untouched";
            guard.decline(r, "config_invalid", why, null);
            alerts.alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, currentPrimary, "config_invalid",
                    "openclaw.json cannot be read; gatewarden will not edit it", why);
            return null;
        }
    }

    /**
     * The file's hash (what a write is based on), then its meaning as {@code gatewarden check} reads it: one reader,
     * so a config check accepts is one the switcher can act on, and a broken one gives the same error.
     */
    private View readView() throws ConfigError, Json5EditException, IOException {
        GatewayConfigWriter.Snapshot s = writer.read();
        return new View(s, ChainSnapshot.read(writer.configFile(), legacyAuthProfiles));
    }

    /** Declines {@code r} (journalled, alerted) when the primary is written in an included file; true when it did. */
    private boolean declineUneditable(View v, ActionGuard.Request r) {
        String why = v.chain().primaryNotEditable();
        if (why == null) return false;
        guard.decline(r, "not_editable", why, null);
        alerts.alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, currentPrimary, "not_editable",
                "gatewarden cannot change the primary: it is written in a file openclaw.json includes", why);
        return true;
    }

    private static String text(GatewayEvent e) {
        return ReloadConfirmation.text(e);
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private void remember(Incident incident) {
        String ref = refOf(incident);
        if (ref != null) incidentByModel.put(ref, incident.id());
    }

    private static String refOf(Incident incident) {
        String provider = incident.labels().get("provider");
        String model = incident.labels().get("model");
        if (provider == null || model == null) return null;
        return model.startsWith(provider + "/") ? model : provider + "/" + model;
    }

    private ActionOutcome notifyOutcome(String actionId, String action, String outcome, String from, String to, String reason,
                                        Duration toWrite, Duration toConfirm) {
        ActionOutcome o = new ActionOutcome(actionId, action, outcome, from, to, reason, clock.instant(), toWrite, toConfirm);
        for (ActionListener l : listeners) {
            try {
                l.onOutcome(o);
            } catch (RuntimeException ex) {
                System.getLogger(PrimarySwitcher.class.getName()).log(System.Logger.Level.WARNING, "action listener failed", ex);
            }
        }
        return o;
    }
}
