package io.gatewarden.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gatewarden.time.Durations;
import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.GatewayConfig;
import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.gateway.Json5EditException;
import io.gatewarden.gateway.Json5Editor;
import io.gatewarden.gateway.OpenClawConfigReader;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.lint.ChainLinter;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.run.RequestOutcome;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Stops paid rungs from burning while runs loop. While an episode of a trigger type ({@code error_loop} per session or
 * global, {@code chain_exhausted}) is open and runs fall through to paid rungs — a request to a rung the chain lint
 * classes as paid that is not the run's first rung — it rewrites {@code fallbacks} of the default model and of every
 * per-agent model so paid rungs come after local and free ones (or are taken out: {@code mode: remove}); when every
 * such episode has resolved it writes the original fallbacks back. A spent daily budget ({@link PaidCallBudget},
 * {@code act_when_spent}) acts the same way until the next day.
 *
 * <p>Every write goes through the primary switch's machinery: the {@link ActionGuard} (dry run, one action in flight
 * per gateway — so it never edits while a switch waits for its confirmation —, cooldown, journal), the
 * {@link GatewayConfigWriter} (splice, backup, atomic replace) and {@link ReloadConfirmation} (the gateway's
 * {@code config hot reload applied} line, else the backup goes back and an alert goes out). What it wrote and the
 * originals survive a restart ({@link SpendState}).
 *
 * <p>Wiring: an {@link IncidentListener} on the tracker (and {@link #opened} for every incident restored at start), a
 * request listener on the pipeline ({@link #onRequest}), an event listener ({@link #onEvent}: the reload lines), and
 * {@link #tick} about once a second. Thread-safe (one lock).
 */
public final class SpendGuard implements IncidentListener {
    public static final String GUARD = "spend_guard";
    public static final String RESTORE = "spend_restore";
    private static final String COOLDOWN_KEY = "spend";
    /** After the gateway did not take a write, the same write is not tried again for this long (no write/rollback loop). */
    static final Duration HOLD_AFTER_ROLLBACK = Duration.ofMinutes(5);

    private final String gateway;
    private final GatewayConfigWriter writer;
    private final ActionGuard guard;
    private final ActionJournal journal;
    private final SpendSettings settings;
    private final ChainLinter linter;
    private final Clock clock;
    private final Path stateFile;
    private final PaidCallBudget budget;
    private final BudgetAlerts budgetAlerts;
    private final List<ActionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Incident> episodes = new LinkedHashMap<>();
    private final AlertThrottle throttle = new AlertThrottle(Integer.MAX_VALUE);
    private volatile IncidentSink alerts;
    private volatile Path legacyAuthProfiles;
    private volatile Function<String, String> requestedModelOfRun = id -> null;

    private SpendState state;
    private Pending pending;
    private SpendPlan plan;
    private String planSha;
    private Instant lastFallthrough;
    private String lastFallthroughWhat;
    /** Counts changed since the last save: saved by the next tick, not once per request. */
    private boolean budgetDirty;
    private Instant rolledBackAt;
    /** Since when no trigger episode has been open (null while one is). */
    private Instant quietSince;
    private final java.util.concurrent.atomic.AtomicLong paidCallsTotal = new java.util.concurrent.atomic.AtomicLong();

    /** A write waiting for the gateway's word. */
    private record Pending(ActionGuard.Permit permit, String action, GatewayConfigWriter.Result write, List<String> paths,
                           Instant deadline, long t0, SpendState previous, SpendState next) {}

    /**
     * @param linter    the chain lint with the operator's {@code lint.*} settings: the one rung classification
     * @param stateFile {@code <state dir>/spend-guard.json}; null keeps the state in memory
     */
    public SpendGuard(String gateway, GatewayConfigWriter writer, ActionGuard guard, SpendSettings settings, ChainLinter linter,
                      Clock clock, Path stateFile) {
        this.gateway = gateway;
        this.writer = writer;
        this.guard = guard;
        this.journal = guard.journal();
        this.settings = settings == null ? SpendSettings.defaults() : settings;
        this.linter = linter == null ? new ChainLinter() : linter;
        this.clock = clock;
        this.stateFile = stateFile;
        SpendState loaded = load();
        this.budget = new PaidCallBudget(this.settings.budget(), clock, loaded.budget());
        this.budgetAlerts = new BudgetAlerts(gateway, this.settings.budget(), clock);
        this.state = loaded.withBudget(budget.saved());
    }

    public void setAlertSink(IncidentSink sink) {
        this.alerts = sink;
        budgetAlerts.setSink(sink);
    }

    public void setLegacyAuthProfiles(Path file) {
        this.legacyAuthProfiles = file;
    }

    /** The run model's answer to "which model did run X ask for first" (a request to another rung fell through). */
    public void setRequestedModelOfRun(Function<String, String> f) {
        this.requestedModelOfRun = f == null ? id -> null : f;
    }

    public void addListener(ActionListener l) {
        listeners.add(l);
    }

    // ------------------------------------------------------------------ status

    /** One chain as the status page shows it: what the config had before the guard, and what it has now. */
    public record ChainStatus(String agent, String path, List<String> original, List<String> current, List<String> paid) {}

    /**
     * @param state     idle, active, or pending (a write waits for the gateway's confirmation)
     * @param paidCalls today's paid calls per credential (the gateway's logged profile hash, never a key)
     */
    public record Status(String state, String why, String trigger, Instant since, String incidentId, String mode,
                         boolean dryRun, List<ChainStatus> chains, String day, List<PaidCallBudget.Usage> paidCalls,
                         String lastPaidFallthrough) {}

    public synchronized Status status() {
        String st = pending != null ? "pending" : state.active() ? "active" : "idle";
        List<ChainStatus> chains = new ArrayList<>();
        if (state.active()) {
            for (SpendPlan.ChainEdit e : state.edits()) chains.add(new ChainStatus(e.agent(), e.path(), e.original(), current(e.path()), e.paid()));
        } else if (plan != null) {
            for (SpendPlan.ChainEdit e : plan.edits()) chains.add(new ChainStatus(e.agent(), e.path(), e.original(), e.original(), e.paid()));
        }
        newDayIfDue();
        return new Status(st, state.why(), state.trigger(), state.since(), state.incidentId(), settings.mode().wireName(),
                guard.dryRun(), chains, budget.day().toString(), budget.usage(), lastFallthroughWhat);
    }

    /** Today's paid calls per credential (metrics). */
    public synchronized List<PaidCallBudget.Usage> paidCalls() {
        newDayIfDue();
        return budget.usage();
    }

    /** Paid calls this gatewarden has seen since it started (a counter for metrics; the budget's counts are per day). */
    public long paidCallsTotal() {
        return paidCallsTotal.get();
    }

    public synchronized boolean active() {
        return state.active();
    }

    // ------------------------------------------------------------------ inputs

    @Override
    public synchronized void opened(Incident incident) {
        if (settings.triggerTypes().contains(incident.type()) && incident.isOpen()) {
            episodes.put(incident.key(), incident);
            quietSince = null;
        }
    }

    @Override
    public synchronized void updated(Incident incident) {
        opened(incident);
    }

    @Override
    public synchronized void resolved(Incident incident) {
        if (episodes.remove(incident.key()) != null && episodes.isEmpty()) quietSince = clock.instant();
    }

    /** Every real provider request once (the run model's request stream): counts paid calls, notes fall-throughs. */
    public void onRequest(RequestOutcome o) {
        if (o == null || o.provider() == null || o.model() == null) return;
        synchronized (this) {
            contained(() -> {
                SpendPlan p = plan != null ? plan : currentPlan(); // re-read by the tick, not once per request
                if (p == null || !p.isPaid(o.modelRef())) return;
                newDayIfDue();
                String credential = o.profile() != null ? o.profile() : o.provider() + ":default";
                paidCallsTotal.incrementAndGet();
                PaidCallBudget.Crossed crossed = budget.record(credential);
                budgetAlerts.crossed(crossed, budget.usageOf(credential), budget.day().toString());
                budgetDirty = true;
                String first = o.runId() == null ? null : requestedModelOfRun.apply(o.runId());
                boolean fellThrough = first != null ? !first.equals(o.modelRef()) : !p.primaries().contains(o.modelRef());
                if (fellThrough) {
                    lastFallthrough = o.at() != null ? o.at() : clock.instant();
                    lastFallthroughWhat = "run " + o.runId() + " sent a request to paid rung " + o.modelRef()
                            + (first != null ? " after starting on " + first : "") + " at " + lastFallthrough;
                }
            });
        }
    }

    /** Reads the gateway's reload lines to confirm or roll back a pending write. */
    public synchronized void onEvent(GatewayEvent e) {
        if (e == null || pending == null) return;
        switch (ReloadConfirmation.judge(e, pending.write().at(), pending.paths())) {
            case APPLIED -> contained(() -> confirm(e));
            case SKIPPED -> contained(() -> rollback("the gateway skipped the reload: " + ReloadConfirmation.text(e)));
            case NONE -> { }
        }
    }

    /** Confirmation timeouts, the day boundary, and the decision to guard or restore. Call about once a second. */
    public synchronized void tick() {
        long t0 = System.nanoTime();
        if (pending != null && !clock.instant().isBefore(pending.deadline())) {
            contained(() -> rollback("no 'config hot reload applied' for " + String.join(", ", pending.paths()) + " within "
                    + Durations.format(settings.confirmTimeout())));
        }
        newDayIfDue();
        budgetAlerts.resignal(budget.usage(), budget.day().toString());
        currentPlan(); // the config may have changed: the classes requests are judged by follow it
        if (budgetDirty) {
            budgetDirty = false;
            state = state.withBudget(budget.saved());
            save();
        }
        if (!settings.enabled() || pending != null) return;
        contained(() -> evaluate(t0));
    }

    // ------------------------------------------------------------------ decisions

    private void evaluate(long t0) {
        if (rolledBackAt != null && clock.instant().isBefore(rolledBackAt.plus(HOLD_AFTER_ROLLBACK))) return;
        Incident episode = episodeWithPaidFallthrough();
        boolean budgetAct = settings.budget().actWhenSpent() && budget.anySpent();
        if (!state.active()) {
            if (episode != null) {
                guardPaid("episode", episode.id(), episode.type().wireName() + " " + describe(episode) + " is open and runs fall through "
                        + "to paid rungs (" + lastFallthroughWhat + ")", t0);
            } else if (budgetAct) {
                guardPaid("budget", null, "the daily paid-call budget of " + String.join(", ", budget.spent()) + " is spent (" + budget.day() + ")", t0);
            }
        } else if (episodes.isEmpty() && !budgetAct && quietLongEnough()) {
            restore("budget".equals(state.trigger()) ? "a new day (" + budget.day() + ") started: the paid-call budget is fresh"
                    : "every " + triggerNames() + " episode has resolved", t0);
        }
    }

    /**
     * Every trigger episode has been resolved for {@code restore_after} (a loop slower than the quiet period re-opens
     * its episode in between). Without a known start (a restart found no open episode) the wait starts now.
     */
    private boolean quietLongEnough() {
        Instant now = clock.instant();
        if (quietSince == null || quietSince.isAfter(now)) quietSince = now;
        return !now.isBefore(quietSince.plus(settings.restoreAfter()));
    }

    /** The open trigger episode the latest paid fall-through belongs to, or null. */
    private Incident episodeWithPaidFallthrough() {
        if (lastFallthrough == null || episodes.isEmpty()) return null;
        Duration w = settings.fallthroughWindow();
        if (lastFallthrough.isBefore(clock.instant().minus(w))) return null;
        for (Incident i : episodes.values()) {
            if (!lastFallthrough.isBefore(i.startsAt().minus(w))) return i;
        }
        return null;
    }

    private void guardPaid(String trigger, String incidentId, String why, long t0) {
        ActionGuard.Request r = new ActionGuard.Request(gateway, GUARD, COOLDOWN_KEY, settings.cooldown(), why, incidentId);
        SpendPlan p = readPlan(r);
        if (p == null) return;
        if (p.edits().isEmpty()) {
            guard.decline(r, "nothing_to_change", "no chain has a paid fallback in front of a local or free one"
                    + (settings.mode() == SpendSettings.Mode.REMOVE ? " or a paid fallback that can go" : "")
                    + " (or the change would leave a chain with no rung); nothing to write", null);
            return;
        }
        if (!(guard.request(r) instanceof ActionGuard.Permit permit)) return;
        List<GatewayConfigWriter.Change> changes = new ArrayList<>();
        for (SpendPlan.ChainEdit e : p.edits()) changes.add(new GatewayConfigWriter.Change(e.path(), array(e.original()), array(e.written())));
        SpendState next = new SpendState(p.edits(), why, trigger, clock.instant(), incidentId, budget.saved());
        write(permit, GUARD, changes, next, t0);
    }

    private void restore(String why, long t0) {
        ActionGuard.Request r = new ActionGuard.Request(gateway, RESTORE, COOLDOWN_KEY, settings.cooldown(),
                "restore the original fallbacks: " + why, state.incidentId());
        GatewayConfigWriter.Snapshot snap;
        try {
            snap = writer.read();
        } catch (IOException | Json5EditException e) {
            guard.decline(r, "config_invalid", "cannot read the gateway config: " + e.getMessage() + "; it is left untouched", null);
            return;
        }
        List<GatewayConfigWriter.Change> changes = new ArrayList<>();
        List<String> abandoned = new ArrayList<>();
        for (SpendPlan.ChainEdit e : state.edits()) {
            JsonNode now = valueAt(snap.text(), e.path());
            if (array(e.written()).equals(now)) {
                changes.add(new GatewayConfigWriter.Change(e.path(), array(e.written()), array(e.original())));
            } else if (!array(e.original()).equals(now)) {
                abandoned.add(e.path() + " is " + now + ", not " + e.written() + " as gatewarden wrote");
            }
        }
        if (!abandoned.isEmpty()) {
            journal.append(JournalEntry.builder(RESTORE, "result", "abandoned").gateway(gateway).incidentId(state.incidentId())
                    .reason("someone else changed the chain since the spend guard's write; not restoring: " + String.join("; ", abandoned))
                    .build());
        }
        if (changes.isEmpty()) {
            state = SpendState.idle(budget.saved());
            save();
            return;
        }
        if (!(guard.request(r) instanceof ActionGuard.Permit permit)) return;
        write(permit, RESTORE, changes, SpendState.idle(budget.saved()), t0);
    }

    // ------------------------------------------------------------------ writing, confirming, rolling back

    private void write(ActionGuard.Permit p, String action, List<GatewayConfigWriter.Change> changes, SpendState next, long t0) {
        GatewayConfigWriter.Result res;
        try {
            res = writer.apply(new GatewayConfigWriter.Request(action, p.actionId(), p.request().reason(), p.request().incidentId(),
                    changes, p.dryRun(), null));
        } catch (Json5EditException | IOException | RuntimeException e) {
            guard.finish(p, "refused");
            if (!(e instanceof Json5EditException)) {
                journal.append(JournalEntry.builder(action, "result", "failed").gateway(gateway).actionId(p.actionId())
                        .reason(String.valueOf(e.getMessage())).build());
            }
            alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, action + ":refused",
                    "gatewarden's " + action.replace('_', ' ') + " was not written: " + e.getMessage(), p.request().reason());
            notifyOutcome(p.actionId(), action, "refused", e.getMessage(), null, null);
            return;
        }
        Duration toWrite = Duration.ofNanos(System.nanoTime() - t0);
        if (!res.written()) {
            guard.finish(p, res.outcome()); // dry run, or the file already says it: nothing to confirm
            if ("unchanged".equals(res.outcome())) {
                state = next;
                save();
            }
            notifyOutcome(p.actionId(), action, res.outcome(), p.request().reason(), null, null);
            return;
        }
        SpendState previous = state;
        state = next;
        save();
        pending = new Pending(p, action, res, changes.stream().map(GatewayConfigWriter.Change::path).toList(),
                clock.instant().plus(settings.confirmTimeout()), t0, previous, next);
        notifyOutcome(p.actionId(), action, "written", p.request().reason(), toWrite, null);
    }

    private void confirm(GatewayEvent e) {
        Pending pd = pending;
        pending = null;
        Duration toConfirm = Duration.ofNanos(System.nanoTime() - pd.t0());
        try {
            journal.append(ReloadConfirmation.confirmed(pd.action(), gateway, pd.permit().actionId(),
                    pd.permit().request().incidentId(), pd.write(), e, toConfirm));
        } finally {
            guard.finish(pd.permit(), "confirmed");
        }
        notifyOutcome(pd.permit().actionId(), pd.action(), "confirmed", ReloadConfirmation.text(e), null, toConfirm);
    }

    private void rollback(String why) {
        Pending pd = pending;
        pending = null;
        rolledBackAt = clock.instant();
        ReloadConfirmation.Rollback rb = ReloadConfirmation.rollback(writer, pd.write(), PrimarySwitcher.RESTORE, pd.permit().actionId(),
                pd.action() + " not confirmed: " + why, pd.permit().request().incidentId());
        state = rb.restored() ? pd.previous().withBudget(budget.saved()) : pd.next().withBudget(budget.saved());
        save();
        try {
            journal.append(JournalEntry.builder(pd.action(), "result", rb.outcome()).gateway(gateway).actionId(pd.permit().actionId())
                    .incidentId(pd.permit().request().incidentId()).changes(pd.write().changes())
                    .backup(String.valueOf(pd.write().backup())).reason(rb.detail()).build());
        } finally {
            guard.finish(pd.permit(), rb.outcome());
        }
        alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.CRITICAL, pd.action() + ":" + pd.permit().actionId(),
                "gatewarden's " + pd.action().replace('_', ' ') + " was not applied by the gateway; "
                        + (rb.restored() ? "previous config restored" : "ROLLBACK FAILED, check openclaw.json"), rb.detail());
        notifyOutcome(pd.permit().actionId(), pd.action(), rb.outcome(), rb.detail(), null, null);
    }

    // ------------------------------------------------------------------ helpers

    /** The plan for the config as it is now, re-read when the file changed; null when it cannot be read. */
    private SpendPlan currentPlan() {
        try {
            GatewayConfigWriter.Snapshot s = writer.read();
            if (plan == null || !s.sha256().equals(planSha)) {
                GatewayConfig config = new OpenClawConfigReader().read(writer.configFile(), legacyAuthProfiles);
                plan = SpendPlan.of(config, linter, settings.mode());
                planSha = s.sha256();
            }
            return plan;
        } catch (ConfigError | Json5EditException | IOException | RuntimeException e) {
            return null;
        }
    }

    private SpendPlan readPlan(ActionGuard.Request r) {
        SpendPlan p = currentPlan();
        if (p == null) {
            String why = "cannot read the gateway config; it is left untouched";
            guard.decline(r, "config_invalid", why, null);
            alert(IncidentType.CONFIG_RELOAD_FAILED, Severity.WARNING, "spend:config_invalid",
                    "openclaw.json cannot be read; the spend guard will not edit it", why);
        }
        return p;
    }

    private List<String> current(String path) {
        try {
            JsonNode n = Json5Editor.valueAt(writer.read().text(), path);
            List<String> out = new ArrayList<>();
            n.forEach(x -> out.add(x.asText()));
            return out;
        } catch (IOException | Json5EditException | RuntimeException e) {
            return null;
        }
    }

    private static JsonNode valueAt(String text, String path) {
        try {
            return Json5Editor.valueAt(text, path);
        } catch (Json5EditException | RuntimeException e) {
            return null;
        }
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private String triggerNames() {
        return String.join(" / ", settings.triggers());
    }

    private static String describe(Incident i) {
        String session = i.labels().get("session");
        return session != null ? "(session " + session + ")" : "(" + i.id() + ")";
    }

    /** At the first look after midnight (in the budget's zone): yesterday's counts go, its alerts resolve. */
    private void newDayIfDue() {
        List<PaidCallBudget.Usage> yesterday = budget.usage();
        if (!budget.rollOver()) return;
        budgetDirty = true;
        budgetAlerts.dayEnded(yesterday);
    }

    private void alert(IncidentType type, Severity severity, String key, String summary, String evidence) {
        IncidentSink sink = alerts;
        if (sink == null) return;
        Instant now = clock.instant();
        if (!throttle.allow(type, key, now)) return;
        sink.signal(new Signal(type, severity, Labels.of("action", GUARD, "source", "gatewarden", "gateway", gateway), key, summary,
                evidence, now));
    }

    private void notifyOutcome(String actionId, String action, String outcome, String reason, Duration toWrite, Duration toConfirm) {
        String from = null;
        String to = null;
        List<SpendPlan.ChainEdit> edits = GUARD.equals(action) ? state.edits() : null;
        if (edits != null && !edits.isEmpty()) {
            from = edits.get(0).original().toString();
            to = edits.get(0).written().toString();
        }
        ActionOutcome o = new ActionOutcome(actionId, action, outcome, from, to, reason, clock.instant(), toWrite, toConfirm);
        for (ActionListener l : listeners) {
            try {
                l.onOutcome(o);
            } catch (RuntimeException ex) {
                System.getLogger(SpendGuard.class.getName()).log(System.Logger.Level.WARNING, "action listener failed", ex);
            }
        }
    }

    /** A failure in one decision (journal disk full, a bug) is logged; the daemon and the next tick go on. */
    private static void contained(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            System.getLogger(SpendGuard.class.getName()).log(System.Logger.Level.ERROR, "spend guard step failed", e);
        }
    }

    private SpendState load() {
        return SpendState.load(stateFile);
    }

    private void save() {
        SpendState.save(stateFile, state);
    }
}
