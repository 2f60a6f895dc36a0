package io.gatewarden.act;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.gatewarden.breaker.BreakerListener;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.breaker.BreakerTransition;
import io.gatewarden.time.Durations;
import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.ConfigWriteLog;
import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.gateway.Json5EditException;
import io.gatewarden.gateway.RateLimitDomains;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.state.StateFile;

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
import java.util.Set;
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
    private static final Duration ALERT_EVERY = Duration.ofMinutes(1);
    private static final Set<String> CREDENTIAL_WIDE_REASONS = Set.of("billing", "auth");

    private final String gateway;
    private final GatewayConfigWriter writer;
    private final BreakerRegistry breakers;
    private final ActionGuard guard;
    private final ActionJournal journal;
    private final ActSettings.SwitchSettings settings;
    private final CredentialCheck credentials;
    private final Clock clock;
    private final StateFile<SwitcherState> stateFile;
    private final List<ActionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> incidentByModel = Collections.synchronizedMap(lru(64));
    private final Map<String, Instant> quarantine = lru(64);
    private final Map<String, Instant> lastAlert = lru(64);
    private volatile IncidentSink alerts;
    private volatile Path legacyAuthProfiles;
    private volatile String currentPrimary;
    private volatile RateLimitDomains domains = RateLimitDomains.defaults();

    private SwitcherState state;
    private Pending pending;

    /** A write waiting for the gateway's word. */
    private record Pending(ActionGuard.Permit permit, String action, String from, String to, String expectPath,
                           GatewayConfigWriter.Result write, Instant deadline, long triggerNanos, Duration triggerToWrite,
                           String incidentId, SwitcherState previousState) {}

    private record View(GatewayConfigWriter.Snapshot snapshot, ChainSnapshot chain) {}

    private record Pick(String model, String note, String skipped) {}

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
        this.stateFile = stateFile == null ? null : new StateFile<>(stateFile, SwitcherState.class, "switcher state", clock);
        this.state = loadState();
        View v = readQuietly();
        if (v != null) currentPrimary = v.chain().primary();
    }

    /** The one rate-limit-domain definition ({@code gateway.rate_limit_domains}) the target choice follows. */
    public void setRateLimitDomains(RateLimitDomains d) {
        this.domains = d == null ? RateLimitDomains.defaults() : d;
    }

    public void setAlertSink(IncidentSink sink) {
        this.alerts = sink;
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
        return state;
    }

    /** For the status page: what is going on right now. */
    public record Status(String currentPrimary, SwitcherState state, String pendingAction, String pendingTo,
                         Instant pendingDeadline, boolean dryRun) {}

    public synchronized Status status() {
        return new Status(currentPrimary, state, pending == null ? null : pending.action(), pending == null ? null : pending.to(),
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
        if (e == null || pending == null) return;
        switch (ReloadConfirmation.judge(e, pending.write().at(), List.of(pending.expectPath()))) {
            case APPLIED -> contained(() -> confirm(e));
            case SKIPPED -> contained(() -> rollback("the gateway skipped the reload: " + text(e)));
            case NONE -> { }
        }
    }

    /** Timeouts and level-triggered re-evaluation (cooldowns end, dwell passes). Call about once a second. */
    public void tick() {
        long t0 = System.nanoTime();
        synchronized (this) {
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
        if (pending != null) {
            ActionGuard.Declined d = guard.decline(r, "in_flight", pending.action() + " to " + pending.to() + " awaits the gateway's confirmation", null);
            return notifyOutcome(null, PIN, "declined", currentPrimary, modelRef, d.reason(), null, null);
        }
        View v = read(r);
        if (v == null) return notifyOutcome(null, PIN, "refused", currentPrimary, modelRef, "config unreadable or invalid", null, null);
        SwitcherState before = state;
        if (modelRef.equals(v.chain().primary())) {
            state = state.withoutSwitch().withPin(modelRef, clock.instant(), reason);
            saveState();
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
        if (!p.dryRun()) {
            state = state.withoutSwitch().withPin(modelRef, clock.instant(), reason);
            saveState();
        }
        List<GatewayConfigWriter.Change> changes = List.of(new GatewayConfigWriter.Change(v.chain().primaryPath(),
                TextNode.valueOf(v.chain().primary()), TextNode.valueOf(modelRef)));
        return write(p, PIN, v, v.chain().primary(), modelRef, changes, null, t0, before);
    }

    /** Ends a pin; automatic switching resumes at the next evaluation. */
    public synchronized ActionOutcome unpin(String reason) {
        String was = state.pinned();
        if (was == null) return notifyOutcome(null, UNPIN, "unchanged", currentPrimary, currentPrimary, "nothing pinned", null, null);
        state = state.withPin(null, null, null);
        saveState();
        String why = "operator unpinned " + was + (reason == null ? "" : ": " + reason);
        journal.append(JournalEntry.builder(UNPIN, "taken", "unpinned").gateway(gateway).reason(why).build());
        return notifyOutcome(null, UNPIN, "unpinned", was, currentPrimary, why, null, null);
    }

    // ------------------------------------------------------------------ decisions

    private void evaluate(String trigger, long t0) {
        if (!settings.enabled() || pending != null) return;
        View v = readQuietly();
        if (v != null) currentPrimary = v.chain().primary();
        String primary = currentPrimary;
        boolean primaryOpen = primary != null && breakers.isModelOpen(primary);
        if (!primaryOpen) resolveAlert(IncidentType.CHAIN_EXHAUSTED, primary);
        if (!primaryOpen && !state.switched() && state.failedBackAt() != null
                && !clock.instant().isBefore(state.failedBackAt().plus(dwellInForce()))) {
            // the fail-back held for a whole dwell: the next episode starts at fail_back_dwell again
            state = state.withFailBack(null, null);
            saveState();
        }
        if (!primaryOpen && !state.switched()) return;
        if (v == null) {
            v = read(request(primaryOpen ? SWITCH : FAIL_BACK, trigger, primary));
            if (v == null) return;
        }
        if (state.switched() && !java.util.Objects.equals(v.chain().primary(), state.switchedTo()) && state.pinned() == null) {
            String why = "primary is " + v.chain().primary() + ", not " + state.switchedTo() + " as gatewarden wrote: someone else changed it; fail-back to "
                    + state.originalPrimary() + " abandoned";
            journal.append(JournalEntry.builder(FAIL_BACK, "declined", "abandoned").gateway(gateway).reason(why).build());
            notifyOutcome(null, FAIL_BACK, "abandoned", state.switchedTo(), v.chain().primary(), why, null, null);
            state = state.withoutSwitch();
            saveState();
            if (v.chain().primary() == null || !breakers.isModelOpen(v.chain().primary())) return;
        }
        if (state.pinned() != null) {
            if (primaryOpen) {
                guard.decline(request(SWITCH, "", primary), "pinned", "primary " + primary + " has an open breaker ("
                        + describeOpen(primary) + ") but " + state.pinned() + " is pinned by an operator", null);
            }
            return;
        }
        if (primaryOpen) switchAway(v, t0);
        else if (state.switched()) failBack(v, t0);
    }

    private void switchAway(View v, long t0) {
        ChainSnapshot chain = v.chain();
        String primary = chain.primary();
        String incident = incidentByModel.get(primary);
        String why = "primary " + primary + " has an open breaker (" + describeOpen(primary) + ")";
        Pick pick = pick(chain, primary);
        if (pick.model() == null) {
            String reason = why + "; no healthy rung to switch to (" + pick.skipped() + ")";
            guard.decline(new ActionGuard.Request(gateway, SWITCH, COOLDOWN_KEY, settings.minTimeBetweenSwitches(), reason, incident),
                    "no_healthy_rung", reason, null);
            alert(IncidentType.CHAIN_EXHAUSTED, Severity.CRITICAL, primary, "no_healthy_rung:" + primary,
                    "primary " + primary + " is failing and gatewarden found no healthy rung to switch to", reason);
            return;
        }
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
            reordered = reorder(chain.fallbacks());
            if (reordered.equals(chain.fallbacks())) reordered = null;
            else changes.add(new GatewayConfigWriter.Change(chain.fallbacksPath(), array(chain.fallbacks()), array(reordered)));
        }
        SwitcherState before = state;
        if (!p.dryRun()) {
            state = state.switched()
                    ? state.withSwitch(state.originalPrimary(), state.originalFallbacks(), pick.model(),
                            reordered != null ? reordered : state.writtenFallbacks(), clock.instant(), incident)
                    : state.withSwitch(primary, chain.fallbacks(), pick.model(), reordered, clock.instant(), incident);
            if (nextDwell != null) state = state.withFailBack(null, nextDwell);
            else if (state.failedBackAt() != null) state = state.withFailBack(null, null);
        }
        write(p, SWITCH, v, primary, pick.model(), changes, incident, t0, before);
    }

    private void failBack(View v, long t0) {
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
                    + describeNotClosed(original) + "); staying on " + current, null);
            return;
        }
        Duration closedFor = Duration.between(closedSince.get(), now);
        Duration dwell = dwellInForce();
        String dwellNote = dwell.equals(settings.failBackDwell()) ? "" : " (doubled: an earlier fail-back did not hold)";
        if (closedFor.compareTo(dwell) < 0) {
            guard.decline(base, "dwell", "original primary " + original + " closed since " + closedSince.get() + " ("
                    + recoveryEvidence(original) + "); fail-back after " + Durations.format(dwell) + " closed" + dwellNote
                    + " (at " + closedSince.get().plus(dwell) + ")", closedSince.get().plus(dwell));
            return;
        }
        if (quarantined(original, now)) {
            guard.decline(base, "quarantined", "original primary " + original + " was refused by the gateway at "
                    + quarantine.get(original) + "; not retried before " + quarantine.get(original).plus(settings.quarantineAfterRollback()), null);
            return;
        }
        if (!credentials.hasCredentials(original, chain)) {
            guard.decline(base, "no_credentials", "original primary " + original + " has no credentials in the config any more", null);
            return;
        }
        String since = closedSince.get().equals(Instant.EPOCH) ? "no breaker left" : "closed for " + Durations.format(closedFor.withNanos(0));
        String reason = "original primary " + original + " is healthy (" + since + ", dwell " + Durations.format(dwell) + dwellNote
                + "; " + recoveryEvidence(original) + "); failing back from " + current;
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
        SwitcherState before = state;
        if (!p.dryRun()) state = state.withoutSwitch().withFailBack(now, dwell);
        write(p, FAIL_BACK, v, current, original, changes, incident, t0, before);
    }

    /** The first healthy rung: not open, with credentials; ranked by domain, then closed before half-open, then order. */
    private Pick pick(ChainSnapshot chain, String failing) {
        record Rung(String model, int pos, int tier, String why) {}
        List<Rung> rungs = new ArrayList<>();
        Instant now = clock.instant();
        Set<String> seen = new java.util.HashSet<>();
        int pos = 0;
        for (String rung : chain.fallbacks()) {
            pos++;
            if (rung.equals(failing) || !seen.add(rung)) continue;
            if (breakers.isModelOpen(rung)) { rungs.add(new Rung(rung, pos, -1, "breaker open")); continue; }
            if (quarantined(rung, now)) { rungs.add(new Rung(rung, pos, -1, "refused by the gateway recently")); continue; }
            if (!credentials.hasCredentials(rung, chain)) { rungs.add(new Rung(rung, pos, -1, "no credentials")); continue; }
            boolean halfOpen = breakers.forModel(rung).stream().anyMatch(b -> b.status() == BreakerStatus.HALF_OPEN);
            int domainTier = settings.preferOtherRateLimitDomain() ? domainTier(chain, rung, failing) : 0;
            String what = switch (domainTier) {
                case 2 -> "in the failing rate-limit domain (" + domainNote(chain, rung) + ")";
                case 1 -> "same credential, another rate-limit domain (" + domainNote(chain, rung) + ")";
                default -> "another credential";
            };
            rungs.add(new Rung(rung, pos, (halfOpen ? 10 : 0) + domainTier, what + (halfOpen ? ", breaker half-open" : ", breaker closed")));
        }
        Rung best = null;
        for (Rung r : rungs) if (r.tier() >= 0 && (best == null || r.tier() < best.tier())) best = r;
        List<String> skipped = new ArrayList<>();
        for (Rung r : rungs) {
            if (best == null || (r.pos() < best.pos())) skipped.add(r.model() + ": " + r.why());
        }
        String skippedText = skipped.isEmpty() ? "none skipped" : String.join("; ", skipped);
        if (best == null) return new Pick(null, null, skippedText);
        String note = "rung " + best.pos() + " of the chain, " + best.why() + (skipped.isEmpty() ? "" : "; passed over: " + skippedText);
        return new Pick(best.model(), note, skippedText);
    }

    /**
     * Where {@code rung} stands to the failing primary, by the one rate-limit-domain definition
     * ({@link RateLimitDomains}, {@code gateway.rate_limit_domains}): 0 another credential (best), 1 the same
     * credential but another domain (a per_model provider's sibling model), 2 the failing domain itself (the same
     * credential of a per_key provider, or any failure of the whole credential: billing, auth).
     */
    private int domainTier(ChainSnapshot chain, String rung, String failing) {
        List<String> rungProfiles = chain.profilesFor(ChainSnapshot.providerOf(rung));
        int tier = 0;
        for (BreakerSnapshot b : breakers.forModel(failing)) {
            if (b.status() != BreakerStatus.OPEN || !rungProfiles.contains(b.profile())) continue;
            boolean credentialWide = settings.credentialWideDomain() || (b.lastReason() != null && CREDENTIAL_WIDE_REASONS.contains(b.lastReason()));
            boolean same = domains.sameDomain(failing, rung, credentialWide, chain.isLocal(ChainSnapshot.providerOf(rung)));
            tier = Math.max(tier, same ? 2 : 1);
        }
        return tier;
    }

    private String domainNote(ChainSnapshot chain, String rung) {
        String provider = ChainSnapshot.providerOf(rung);
        boolean local = chain.isLocal(provider);
        return provider + " is " + domains.scopeOf(provider, local).wireName() + ": " + domains.sourceOf(provider, local);
    }

    /** The fail-back dwell in force: fail_back_dwell, or the doubled one after a fail-back that did not hold. */
    private Duration dwellInForce() {
        return state.dwell() != null ? state.dwell() : settings.failBackDwell();
    }

    /** What closed the original primary's breakers (its recovery evidence), for the journal. */
    private String recoveryEvidence(String model) {
        List<String> whys = new ArrayList<>();
        for (BreakerSnapshot b : breakers.forModel(model)) if (b.why() != null) whys.add(b.profile() + ": " + b.why());
        return whys.isEmpty() ? "no breaker" : "recovery evidence: " + String.join("; ", whys);
    }

    private List<String> reorder(List<String> fallbacks) {
        List<String> healthy = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (String f : fallbacks) (breakers.isModelOpen(f) ? open : healthy).add(f);
        healthy.addAll(open);
        return healthy;
    }

    // ------------------------------------------------------------------ writing, confirming, rolling back

    private ActionOutcome write(ActionGuard.Permit p, String action, View v, String from, String to,
                                List<GatewayConfigWriter.Change> changes, String incident, long t0, SwitcherState before) {
        GatewayConfigWriter.Result res;
        try {
            res = writer.apply(new GatewayConfigWriter.Request(action, p.actionId(), p.request().reason(), incident, changes,
                    p.dryRun(), v.snapshot().sha256()));
        } catch (Json5EditException | IOException | RuntimeException e) {
            state = before;
            saveState();
            guard.finish(p, "refused");
            if (!(e instanceof Json5EditException)) {
                journal.append(JournalEntry.builder(action, "result", "failed").gateway(gateway).actionId(p.actionId())
                        .reason(String.valueOf(e.getMessage())).build());
            }
            alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, to, action + ":refused:" + from,
                    "gatewarden did not " + action.replace('_', ' ') + " " + from + " -> " + to + ": " + e.getMessage(), p.request().reason());
            return notifyOutcome(p.actionId(), action, "refused", from, to, e.getMessage(), null, null);
        }
        Duration toWrite = Duration.ofNanos(System.nanoTime() - t0);
        if (!res.written()) {
            state = before; // dry run or nothing to change: the episode did not start
            guard.finish(p, res.outcome());
            return notifyOutcome(p.actionId(), action, res.outcome(), from, to, p.request().reason(), null, null);
        }
        saveState();
        String expect = changes.get(0).path();
        pending = new Pending(p, action, from, to, expect, res, clock.instant().plus(settings.confirmTimeout()), t0, toWrite,
                incident, before);
        currentPrimary = to;
        return notifyOutcome(p.actionId(), action, "written", from, to, p.request().reason(), toWrite, null);
    }

    private void confirm(GatewayEvent e) {
        Pending pd = pending;
        pending = null;
        Duration toConfirm = Duration.ofNanos(System.nanoTime() - pd.triggerNanos());
        try {
            journal.append(ReloadConfirmation.confirmed(pd.action(), gateway, pd.permit().actionId(), pd.incidentId(),
                    pd.write(), e, toConfirm));
        } finally {
            guard.finish(pd.permit(), "confirmed");
        }
        if (SWITCH.equals(pd.action())) resolveAlert(IncidentType.CHAIN_EXHAUSTED, pd.from());
        notifyOutcome(pd.permit().actionId(), pd.action(), "confirmed", pd.from(), pd.to(), text(e), pd.triggerToWrite(), toConfirm);
    }

    private void rollback(String why) {
        Pending pd = pending;
        pending = null;
        ReloadConfirmation.Rollback rb = ReloadConfirmation.rollback(writer, pd.write(), RESTORE, pd.permit().actionId(),
                pd.action() + " " + pd.from() + " -> " + pd.to() + " not confirmed: " + why, pd.incidentId());
        if (rb.restored()) currentPrimary = pd.from();
        String outcome = rb.outcome();
        String detail = rb.restored() ? why : rb.detail();
        state = PIN.equals(pd.action()) ? pd.previousState().withPin(null, null, null) : pd.previousState();
        saveState();
        try {
            journal.append(JournalEntry.builder(pd.action(), "result", outcome).gateway(gateway).actionId(pd.permit().actionId())
                    .incidentId(pd.incidentId()).changes(pd.write().changes()).backup(String.valueOf(pd.write().backup()))
                    .reason(detail).build());
        } finally {
            guard.finish(pd.permit(), outcome);
        }
        quarantine.put(pd.to(), clock.instant());
        alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.CRITICAL, pd.to(), pd.action() + ":" + pd.permit().actionId(),
                "gatewarden's " + pd.action().replace('_', ' ') + " " + pd.from() + " -> " + pd.to() + " was not applied by the gateway; "
                        + ("rolled_back".equals(outcome) ? "previous config restored" : "ROLLBACK FAILED, check openclaw.json"), detail);
        notifyOutcome(pd.permit().actionId(), pd.action(), outcome, pd.from(), pd.to(), detail, pd.triggerToWrite(), null);
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
            alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, currentPrimary, "config_invalid",
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
        alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, currentPrimary, "not_editable",
                "gatewarden cannot change the primary: it is written in a file openclaw.json includes", why);
        return true;
    }

    private String describeOpen(String model) {
        List<String> parts = new ArrayList<>();
        for (BreakerSnapshot b : breakers.forModel(model)) {
            if (b.status() == BreakerStatus.OPEN) parts.add(b.profile() + ": " + b.why());
        }
        return parts.isEmpty() ? "no open breaker" : String.join("; ", parts);
    }

    private String describeNotClosed(String model) {
        List<String> parts = new ArrayList<>();
        for (BreakerSnapshot b : breakers.forModel(model)) {
            if (b.status() != BreakerStatus.CLOSED) parts.add(b.profile() + " " + b.status().wireName());
        }
        return String.join(", ", parts);
    }

    private boolean quarantined(String model, Instant now) {
        Instant at = quarantine.get(model);
        return at != null && now.isBefore(at.plus(settings.quarantineAfterRollback()));
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

    private void alert(IncidentType type, Severity severity, String model, String key, String summary, String evidence) {
        IncidentSink sink = alerts;
        if (sink == null) return;
        Instant now = clock.instant();
        Instant last = lastAlert.get(type + "|" + key);
        if (last != null && now.isBefore(last.plus(ALERT_EVERY))) return;
        lastAlert.put(type + "|" + key, now);
        sink.signal(new Signal(type, severity, labels(model), key, summary, evidence, now));
    }

    private void resolveAlert(IncidentType type, String model) {
        IncidentSink sink = alerts;
        if (sink == null || model == null) return;
        if (lastAlert.remove(type + "|no_healthy_rung:" + model) != null) {
            sink.resolve(type, labels(model), clock.instant(), "primary " + model + " no longer needs a switch");
        }
    }

    private Map<String, String> labels(String model) {
        String provider = model == null ? null : ChainSnapshot.providerOf(model);
        String m = model == null || !model.contains("/") ? model : model.substring(model.indexOf('/') + 1);
        return Labels.of("provider", provider, "model", m, "source", "gatewarden", "gateway", gateway);
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

    private SwitcherState loadState() {
        return stateFile == null ? SwitcherState.empty() : stateFile.read().orElseGet(SwitcherState::empty);
    }

    private void saveState() {
        if (stateFile != null) stateFile.writeOrWarn(state);
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
