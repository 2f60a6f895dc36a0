package io.gatewarden.daemon;

import io.gatewarden.act.ActionGuard;
import io.gatewarden.act.ActionJournal;
import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.act.SessionActions;
import io.gatewarden.act.SpendGuard;
import io.gatewarden.alert.AlertPipeline;
import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.RecoveryEvidence;
import io.gatewarden.collect.GatewayStatusCollector;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.gateway.restart.GatewayRestarter;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.lint.ChainLintWatcher;
import io.gatewarden.load.DaemonLoad;
import io.gatewarden.load.LoadWatch;
import io.gatewarden.load.ProviderCallRates;
import io.gatewarden.pipeline.EventPipeline;
import io.gatewarden.probe.ModelProbeRunner;
import io.gatewarden.probe.ProbeRunner;
import io.gatewarden.tail.CheckpointStore;
import io.gatewarden.tail.LogTailer;
import io.gatewarden.tail.TailLine;
import io.gatewarden.tail.TailSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running daemon: tail -> pipeline (parse, detect) -> incidents -> alerts, plus breakers, the primary switcher,
 * the restarter, probes, the status collector and the chain lint, all built and wired by {@link DaemonBuilder}.
 * It starts them, ticks them and closes them.
 *
 * <p>Threads: the tail thread feeds the pipeline; a 1 s ticker resolves quiet incidents and drives breakers and the
 * switcher; probes, the restarter, the collector and the lint each run on their own schedule because they block on
 * I/O. Everything that touches detector or breaker state holds {@link #detectLock}, so the pipeline stays
 * single-threaded as it is designed to be. The incident tracker and the alert pipeline are thread-safe on their own.
 */
public final class Daemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Daemon.class.getName());
    private static final Duration TICK = Duration.ofSeconds(1);

    private final GatewardenConfig cfg;
    private final Clock clock;
    private final Object detectLock;
    private final IncidentTracker tracker;
    private final EventPipeline pipeline;
    private final DaemonStateStore stateStore;
    private final StateWriteAlarm stateAlarm;
    private final LogTailer tailer;
    private final BreakerRegistry breakers;
    private final ActionJournal journal;
    private final ActionGuard guard;
    private final PrimarySwitcher switcher;
    private final SpendGuard spend;
    private final GatewayRestarter restarter;
    private final ProbeRunner probes;
    private final ModelProbeRunner modelProbes;
    private final GatewayStatusCollector collector;
    private final ChainLintWatcher lint;
    private final AlertPipeline alerts;
    /** Incident changes reach {@link #alerts} only once the state holding them is saved (see {@link DurableAlertGate}). */
    private final DurableAlertGate durableAlerts;
    private final ProviderCallRates callRates;
    private final DaemonLoad load;
    private final SessionActions sessionActions;
    /** Runs session commands (openclaw sessions compact/archive) off the detection thread, one at a time. */
    private final ExecutorService sessionCommands;
    private final ScheduledExecutorService scheduler;
    /** At most one save per this gap for batches that changed incidents (the tick saves every second anyway). */
    static final Duration PERSIST_GAP = Duration.ofMillis(100);
    private Instant lastPersistAt = Instant.MIN; // guarded by detectLock
    private boolean persistScheduled;            // guarded by detectLock
    private volatile boolean started;

    /** Every component, built and wired by {@link DaemonBuilder}; switcher, spend guard, lint and collector may be null. */
    record Parts(GatewardenConfig cfg, Clock clock, Object detectLock, TailSettings tail, CheckpointStore checkpoints,
                 IncidentTracker tracker, EventPipeline pipeline, DaemonStateStore stateStore, StateWriteAlarm stateAlarm,
                 BreakerRegistry breakers, ActionJournal journal, ActionGuard guard, PrimarySwitcher switcher,
                 SpendGuard spend, GatewayRestarter restarter, ProbeRunner probes, ModelProbeRunner modelProbes,
                 GatewayStatusCollector collector, ChainLintWatcher lint, AlertPipeline alerts,
                 DurableAlertGate durableAlerts, ProviderCallRates callRates, DaemonLoad load,
                 SessionActions sessionActions, ExecutorService sessionCommands) {}

    Daemon(Parts p) {
        cfg = p.cfg();
        clock = p.clock();
        detectLock = p.detectLock();
        tracker = p.tracker();
        pipeline = p.pipeline();
        stateStore = p.stateStore();
        stateAlarm = p.stateAlarm();
        breakers = p.breakers();
        journal = p.journal();
        guard = p.guard();
        switcher = p.switcher();
        spend = p.spend();
        restarter = p.restarter();
        probes = p.probes();
        modelProbes = p.modelProbes();
        collector = p.collector();
        lint = p.lint();
        alerts = p.alerts();
        durableAlerts = p.durableAlerts();
        callRates = p.callRates();
        load = p.load();
        sessionActions = p.sessionActions();
        sessionCommands = p.sessionCommands();
        tailer = new LogTailer(p.tail(), p.checkpoints(), batch -> {
            synchronized (detectLock) {
                for (TailLine line : batch.lines()) pipeline.acceptLine(line.text());
                // the checkpoint moves with the incidents it produced: both are saved in one file (DaemonStateStore)
                stateStore.offer(batch.checkpoints(), batch.lines().size());
                // a batch that changed incidents is saved within PERSIST_GAP, so its alerts need not wait for the next tick
                if (durableAlerts.hasHeld()) persistSoon();
            }
        }, clock);
        scheduler = Executors.newScheduledThreadPool(5, r -> {
            Thread t = new Thread(r, "gatewarden-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Model probes for the half-open breakers only evidence about their model can settle (a rate limit, an overload):
     * one real request with one output token each, for providers whose model probe is enabled, within its caps. The
     * requests run outside the detection lock; their answers are fed back under it.
     */
    void runModelProbes() {
        if (!modelProbes.enabled()) return;
        List<ModelProbeRunner.Candidate> candidates;
        synchronized (detectLock) {
            candidates = breakers.awaitingModelEvidence().stream()
                    .map(k -> new ModelProbeRunner.Candidate(k.provider(), k.profile(), k.model())).toList();
        }
        if (candidates.isEmpty()) return;
        for (ModelProbeRunner.Result r : modelProbes.run(candidates)) {
            LOG.log(System.Logger.Level.INFO, () -> "model probe " + r.candidate().modelRef() + " (" + r.candidate().profile() + "): " + r.outcome().wireName()
                    + " — " + r.detail());
            RecoveryEvidence.Outcome o = RecoveryEvidence.Outcome.valueOf(r.outcome().name());
            synchronized (detectLock) {
                breakers.recordEvidence(new BreakerKey(r.candidate().profile(), r.candidate().modelRef()),
                        RecoveryEvidence.modelProbe(o, r.detail(), r.retryAfter()));
            }
        }
    }

    public synchronized void start() {
        if (started) return;
        started = true;
        alerts.start();
        // changes saved before a crash whose alerts had not reached the outbox yet: announce them now
        // (the alert pipeline's notification log keeps what was already sent from going out twice)
        alerts.resume(tracker.open(), tracker.recent());
        tailer.start();
        every(TICK, this::tick);
        every(TICK, probes::tick);
        every(TICK, this::runModelProbes);
        every(cfg.restart().probeInterval(), restarter::tick);
        if (collector != null) every(cfg.collect().interval(), collector::tick);
        if (lint != null) every(lint.pollInterval(), lint::pollOnce);
        every(TICK, load::tick);
        LOG.log(System.Logger.Level.INFO, () -> "gatewarden watching " + cfg.tail().paths() + " for gateway '" + cfg.gateway().name()
                + "'; state in " + cfg.stateDir() + (guard.dryRun() ? "; actions in DRY-RUN (journal only)" : ""));
    }

    private void every(Duration period, Runnable task) {
        long ms = Math.max(100, period.toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "scheduled task failed; it runs again next period", t);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Quiet-period resolution, detectors that act on silence, breaker timers, switch confirmation; then persist. */
    void tick() {
        synchronized (detectLock) {
            pipeline.tick();
            breakers.tick();
            if (switcher != null) switcher.tick();
            if (spend != null) spend.tick();
            persist(true);
        }
    }

    /**
     * A batch changed incidents: save now, or — when the last save was under {@link #PERSIST_GAP} ago — once that gap
     * has passed. At thousands of lines a second the tailer hands over a batch every few milliseconds; saving the whole
     * state after each one cost most of a core. Caller holds {@code detectLock}.
     */
    private void persistSoon() {
        Instant now = clock.instant();
        if (!now.isBefore(lastPersistAt.plus(PERSIST_GAP)) || now.isBefore(lastPersistAt)) {
            persist(false);
            return;
        }
        if (persistScheduled) return;
        persistScheduled = true;
        try {
            scheduler.schedule(() -> {
                synchronized (detectLock) {
                    persistScheduled = false;
                    if (durableAlerts.hasHeld()) persist(false);
                }
            }, PERSIST_GAP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            persistScheduled = false; // shutting down: close() persists
        }
    }

    /**
     * Saves checkpoints and incidents (one atomic file), then lets the alert pipeline hear the incident changes that
     * save contains. While the state dir fails, only the tick retries the save (once a second, not once a batch), and
     * the alerts are released anyway: a full disk must not silence them ({@code state_unwritable} tells the rest).
     * Caller holds {@link #detectLock}.
     */
    private void persist(boolean fromTick) {
        lastPersistAt = clock.instant();
        List<DurableAlertGate.Held> ready = durableAlerts.take();
        if (fromTick || stateStore.lastError() == null) {
            boolean saved = stateStore.save(tracker.snapshot());
            stateAlarm.saved(saved, stateStore.lastError());
        }
        durableAlerts.release(ready);
    }

    public IncidentTracker incidents() { return tracker; }
    public EventPipeline pipeline() { return pipeline; }
    public LogTailer tailer() { return tailer; }
    public BreakerRegistry breakers() { return breakers; }
    public Optional<PrimarySwitcher> switcher() { return Optional.ofNullable(switcher); }
    public Optional<SpendGuard> spendGuard() { return Optional.ofNullable(spend); }
    public ActionJournal journal() { return journal; }
    public ActionGuard guard() { return guard; }
    public GatewayRestarter restarter() { return restarter; }
    public AlertPipeline alerts() { return alerts; }
    public ProviderCallRates callRates() { return callRates; }
    public LoadWatch load() { return load.watch(); }
    public SessionActions sessionActions() { return sessionActions; }
    public GatewardenConfig config() { return cfg; }
    public DaemonStateStore stateStore() { return stateStore; }
    public ProbeRunner probes() { return probes; }
    public ModelProbeRunner modelProbes() { return modelProbes; }
    public Clock clock() { return clock; }
    public boolean started() { return started; }

    /**
     * Runs an operator's change (breaker reset or force-open from the API) under the detection lock, so it does not
     * interleave with the tail thread or the ticker feeding the same breakers and switcher.
     */
    public <T> T locked(java.util.function.Supplier<T> change) {
        synchronized (detectLock) {
            return change.get();
        }
    }

    /** Stops reading, saves checkpoints with the incidents they produced, and leaves pending alerts in the outbox. */
    @Override
    public synchronized void close() {
        scheduler.shutdownNow();
        sessionCommands.shutdownNow();
        tailer.close();
        synchronized (detectLock) {
            persist(true);
        }
        restarter.close();
        alerts.close();
        journal.close();
    }
}
