package io.gatewarden.daemon;

import io.gatewarden.act.ActionGuard;
import io.gatewarden.act.ActionJournal;
import io.gatewarden.act.ChainSnapshot;
import io.gatewarden.act.CredentialCheck;
import io.gatewarden.act.JournalEntry;
import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.act.SessionActions;
import io.gatewarden.act.SessionActor;
import io.gatewarden.act.RestartGuardAdapter;
import io.gatewarden.alert.AlertPipeline;
import io.gatewarden.load.ProviderCallRates;
import io.gatewarden.load.DaemonLoad;
import io.gatewarden.load.LoadWatch;
import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.ConfiguredProfiles;
import io.gatewarden.collect.GatewayStatusCollector;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.detect.Detector;
import io.gatewarden.detect.pressure.ContextPressureDetector;
import io.gatewarden.detect.pressure.QuotaBurnDetector;
import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.gateway.restart.GatewayRestarter;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.lint.ChainLintWatcher;
import io.gatewarden.pipeline.EventPipeline;
import io.gatewarden.pipeline.GatewayLabeledSink;
import io.gatewarden.pipeline.Pipelines;
import io.gatewarden.breaker.RecoveryEvidence;
import io.gatewarden.probe.FailureKind;
import io.gatewarden.probe.JdkProbeHttp;
import io.gatewarden.probe.ModelProbeRunner;
import io.gatewarden.probe.ProbeHttp;
import io.gatewarden.probe.ProbeResult;
import io.gatewarden.probe.ProbeRunner;
import io.gatewarden.probe.ProbeSettings;
import io.gatewarden.tail.CheckpointStore;
import io.gatewarden.tail.LogTailer;
import io.gatewarden.tail.TailLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The one place where the daemon is wired: tail -> pipeline (parse, detect) -> incidents -> alerts, plus breakers,
 * the primary switcher, the restarter, probes, the status collector and the chain lint.
 *
 * <p>Threads: the tail thread feeds the pipeline; a 1 s ticker resolves quiet incidents and drives breakers and the
 * switcher; probes, the restarter, the collector and the lint each run on their own schedule because they block on
 * I/O. Everything that touches detector or breaker state holds {@link #detectLock}, so the pipeline stays
 * single-threaded as it is designed to be. The incident tracker and the alert pipeline are thread-safe on their own.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());
    private static final Duration TICK = Duration.ofSeconds(1);

    private final GatewardenConfig cfg;
    private final Clock clock;
    private final Object detectLock = new Object();
    private final IncidentTracker tracker;
    private final IncidentSink sink;
    private final EventPipeline pipeline;
    private final DaemonStateStore stateStore;
    private final StateWriteAlarm stateAlarm;
    private final LogTailer tailer;
    private final BreakerRegistry breakers;
    private final ActionJournal journal;
    private final ActionGuard guard;
    private final PrimarySwitcher switcher;
    private final io.gatewarden.act.SpendGuard spend;
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
    private final java.util.concurrent.ExecutorService sessionCommands;
    private final ScheduledExecutorService scheduler;
    /** At most one save per this gap for batches that changed incidents (the tick saves every second anyway). */
    static final Duration PERSIST_GAP = Duration.ofMillis(100);
    private Instant lastPersistAt = Instant.MIN; // guarded by detectLock
    private boolean persistScheduled;            // guarded by detectLock
    private volatile boolean started;

    public Daemon(GatewardenConfig cfg, Clock clock, boolean fromStart) throws IOException {
        this(cfg, clock, fromStart, null);
    }

    /** @param probeHttp how probes talk HTTP (the Quarkus REST client in the daemon); null for the JDK client */
    public Daemon(GatewardenConfig cfg, Clock clock, boolean fromStart, ProbeHttp probeHttp) throws IOException {
        this.cfg = cfg;
        this.clock = clock;
        Path state = cfg.stateDir();
        Files.createDirectories(state);
        String gateway = cfg.gateway().name();

        tracker = new IncidentTracker(cfg.incidents(), clock);
        sink = new GatewayLabeledSink(tracker, gateway);
        stateStore = new DaemonStateStore(state.resolve("daemon-state.json"), clock);
        stateAlarm = new StateWriteAlarm(state, sink, clock);
        Optional<DaemonStateStore.Saved> saved = stateStore.load();
        saved.ifPresent(s -> {
            int n = tracker.restore(s.incidents());
            LOG.info(() -> "restored " + n + " open incident(s) from " + stateStore.file());
        });

        alerts = AlertPipeline.builder(cfg.alert(), state).clock(clock)
                .context(new DaemonAlertContext(this)).build();
        durableAlerts = new DurableAlertGate(alerts);
        tracker.addListener(durableAlerts);

        pipeline = Pipelines.create(cfg.pipeline(), clock, tracker, sink);
        QuotaBurnDetector quota = (QuotaBurnDetector) pipeline.detectors().detector(Pipelines.QUOTA_BURN);
        ContextPressureDetector context = (ContextPressureDetector) pipeline.detectors().detector(Pipelines.CONTEXT_PRESSURE);

        journal = new ActionJournal(state.resolve(cfg.act().journal().file()), cfg.act().journal().maxMb() * 1024L * 1024L, clock);
        guard = new ActionGuard(clock, journal, cfg.act(), state.resolve("guard.json"));

        Path openclawJson = cfg.gateway().configFile();
        ChainSnapshot chain = readChain(openclawJson, cfg.gateway().authProfilesFile());
        if (chain != null && chain.primaryNotEditable() != null) LOG.warning(chain.primaryNotEditable());
        breakers = new BreakerRegistry(cfg.breakers(), clock,
                new ConfiguredProfiles(chain == null ? Map.of() : chain.profilesByProvider()), state.resolve("breakers.json"));
        if (chain != null) {
            GatewayConfigWriter writer = new GatewayConfigWriter(openclawJson, journal, clock,
                    cfg.act().backups().keep(), cfg.act().backups().dir());
            switcher = new PrimarySwitcher(gateway, writer, breakers, guard, cfg.act().switchPrimary(),
                    CredentialCheck.FROM_CONFIG, clock, state.resolve("switcher.json"));
            if (cfg.gateway().authProfilesFile() != null) switcher.setLegacyAuthProfiles(cfg.gateway().authProfilesFile());
            breakers.addListener(switcher);
            switcher.setAlertSink(sink);
            tracker.addListener(switcher);
            switcher.setRateLimitDomains(cfg.gateway().domains());
            lint = new ChainLintWatcher(openclawJson, cfg.gateway().authProfilesFile(), cfg.lint(), cfg.gateway().domains(), sink, clock);
            lint.setOwnPrimaries(() -> ownPrimaries(switcher));
            // the spend guard shares the guard (one action in flight with the switcher), the writer and the lint's classes
            spend = new io.gatewarden.act.SpendGuard(gateway, writer, guard, cfg.act().spendGuard(),
                    new io.gatewarden.lint.ChainLinter(cfg.lint(), cfg.gateway().domains()), clock, state.resolve("spend-guard.json"));
            if (cfg.gateway().authProfilesFile() != null) spend.setLegacyAuthProfiles(cfg.gateway().authProfilesFile());
            spend.setAlertSink(sink);
            tracker.addListener(spend);
            tracker.open().forEach(spend::opened); // episodes restored from daemon-state.json keep a guard in place
        } else {
            switcher = null;
            spend = null;
            lint = null;
            LOG.warning("gateway config " + openclawJson + " is missing or unreadable: primary switching and the chain lint "
                    + "are off until gatewarden is restarted with a readable gateway.config_file");
        }

        restarter = GatewayRestarter.create(gateway, cfg.restart(), state, new RestartGuardAdapter(guard), sink, clock);

        // the restarter owns gateway health (gateway_down); probe.gateway is off unless asked for
        ProbeSettings probeSettings = cfg.probe();
        probes = ProbeRunner.create(probeSettings,
                probeHttp != null ? probeHttp : new JdkProbeHttp(probeSettings.connectTimeout(), probeSettings.maxBodyBytes()),
                clock, sink, r -> { synchronized (detectLock) { quota.onProbeResult(r); } }, this::feedBreakersFromProbe);

        modelProbes = new ModelProbeRunner(probeSettings.modelProbes(),
                probeHttp != null ? probeHttp : new JdkProbeHttp(probeSettings.connectTimeout(), probeSettings.maxBodyBytes()),
                clock, System::getenv);

        collector = cfg.collect().enabled() ? GatewayStatusCollector.create(cfg.collect(), clock) : null;
        if (collector != null) collector.addListener(s -> { synchronized (detectLock) { context.onStatus(s, sink); } });

        // one model of what the gateway did: breakers and call rates read its request stream, never raw lines
        if (switcher != null) pipeline.runModel().setPrimary(switcher::currentPrimary);
        pipeline.addEventListener(breakers::onEvent);
        pipeline.addRequestListener(breakers::onRequest);
        if (switcher != null) pipeline.addEventListener(switcher::onEvent);
        if (spend != null) {
            spend.setRequestedModelOfRun(id -> {
                io.gatewarden.run.Run r = pipeline.runModel().run(id);
                return r == null ? null : r.requestedModel();
            });
            pipeline.addRequestListener(spend::onRequest);
            pipeline.addEventListener(spend::onEvent);
        }
        pipeline.addEventListener(restarter::onEvent);
        callRates = new ProviderCallRates(clock);
        pipeline.addRequestListener(callRates);
        // who spends the quota: calls per source (status page, metrics) and the daily digest through the receivers
        load = new DaemonLoad(cfg.load(), pipeline.runModel(), openclawJson, cfg.gateway().domains(), state, clock,
                d -> alerts.sendInfo("load-digest-" + d.day(), "load_digest", d.summary(), d.details()));
        pipeline.addRequestListener(load.watch()::onRequest);
        pipeline.addEventListener(load.watch()::onEvent);

        // session actions: compact under context pressure, quarantine a transcript error loop (docs/act.md)
        var sa = cfg.act().sessions();
        sessionCommands = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gatewarden-session-actions");
            t.setDaemon(true);
            return t;
        });
        sessionActions = new SessionActions(gateway, sa, guard,
                new SessionActor(new io.gatewarden.gateway.restart.CommandRunner(sa.env(), SessionActor.MAX_REPLY_BYTES), sa.command(), sa.commandTimeout()),
                pipeline.runModel().sessions(), sessionCommands, clock, agent -> primaryOf(openclawJson, agent));
        // its alerts come from the command thread: they enter the tracker under the detection lock like every other signal
        sessionActions.setAlertSink(new IncidentSink() {
            @Override
            public void signal(io.gatewarden.incident.Signal sig) {
                synchronized (detectLock) { sink.signal(sig); }
            }

            @Override
            public void resolve(io.gatewarden.incident.IncidentType type, Map<String, String> labels, Instant at, String why) {
                synchronized (detectLock) { sink.resolve(type, labels, at, why); }
            }
        });
        tracker.addListener(sessionActions);
        pipeline.addEventListener(sessionActions::onEvent);

        CheckpointStore checkpoints = saved.map(s -> CheckpointStore.consumerOwned(s.checkpoints()))
                .orElseGet(() -> CheckpointStore.consumerOwned(null));
        tailer = new LogTailer(fromStart ? cfg.tail().withFromStart(true) : cfg.tail(), checkpoints, batch -> {
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
     * The chain as {@code gatewarden check} reads it, or null (logged with check's own file:line:reason) when the
     * config cannot be read: switching and the chain lint then stay off.
     */
    static ChainSnapshot readChain(Path openclawJson, Path authProfiles) {
        if (openclawJson == null) return null;
        try {
            return ChainSnapshot.read(openclawJson, authProfiles);
        } catch (ConfigError e) {
            LOG.warning("cannot read gateway config: " + e.getMessage());
            return null;
        }
    }

    /**
     * The model that writes a session's LLM summary: the agent's own primary ({@code agents.entries.<id>.model}), else
     * {@code agents.defaults.model.primary}, read when asked (session actions are rare); null when unreadable.
     */
    static String primaryOf(Path openclawJson, String agent) {
        if (openclawJson == null) return null;
        try {
            io.gatewarden.gateway.GatewayConfig c = new io.gatewarden.gateway.OpenClawConfigReader().readConfigOnly(openclawJson);
            for (var a : c.agents()) {
                if (a.id().equals(agent) && a.model() != null && a.model().primary() != null) return a.model().primary();
            }
            return c.defaultModel() == null ? null : c.defaultModel().primary();
        } catch (ConfigError | RuntimeException e) {
            return null;
        }
    }

    /**
     * A models-list probe is evidence about the provider and its key, not about any one model: it may settle the
     * half-open breakers of its provider that a credential- or provider-wide failure opened (auth, billing,
     * unreachable), never a model's rate limit (see {@link RecoveryEvidence#judge}). A missing key tells nothing.
     */
    private void feedBreakersFromProbe(ProbeResult r) {
        if (r.isGateway() || r.provider() == null) return;
        RecoveryEvidence.Outcome o = r.ok() ? RecoveryEvidence.Outcome.OK
                : r.failure() == FailureKind.NO_CREDENTIAL ? RecoveryEvidence.Outcome.INCONCLUSIVE : RecoveryEvidence.Outcome.FAILED;
        synchronized (detectLock) {
            breakers.recordListProbe(r.provider(), r.profile(), RecoveryEvidence.listProbe(o, r.detail()));
        }
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
            LOG.info(() -> "model probe " + r.candidate().modelRef() + " (" + r.candidate().profile() + "): " + r.outcome().wireName()
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
        LOG.info(() -> "gatewarden watching " + cfg.tail().paths() + " for gateway '" + cfg.gateway().name()
                + "'; state in " + cfg.stateDir() + (guard.dryRun() ? "; actions in DRY-RUN (journal only)" : ""));
    }

    private void every(Duration period, Runnable task) {
        long ms = Math.max(100, period.toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "scheduled task failed; it runs again next period", t);
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
     * Saves checkpoints and incidents (one atomic file), then lets the alert pipeline hear the incident changes that
     * save contains. Caller holds {@link #detectLock}. A failed save (logged by the store) still releases them:
     * a broken state dir must not silence alerts.
     */
    /**
     * Saves checkpoints + incidents, then lets the alerts those incidents raised go out. While the state dir fails,
     * only the tick retries the save (once a second, not once a batch), and alerts are released anyway: a full disk
     * must not silence them ({@code state_unwritable} tells the rest).
     */
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
    /** Models this gatewarden made the primary: the lint does not call the switch's own repeat a misconfiguration. */
    private static Set<String> ownPrimaries(PrimarySwitcher switcher) {
        PrimarySwitcher.Status st = switcher.status();
        Set<String> own = new HashSet<>();
        if (st.pendingTo() != null) own.add(st.pendingTo());
        if (st.state().switchedTo() != null) own.add(st.state().switchedTo());
        if (st.state().pinned() != null) own.add(st.state().pinned());
        return own;
    }

    public Optional<PrimarySwitcher> switcher() { return Optional.ofNullable(switcher); }
    public Optional<io.gatewarden.act.SpendGuard> spendGuard() { return Optional.ofNullable(spend); }
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

    /**
     * What gatewarden did about an incident, one line per step, for alerts ("did: ..."): actions taken and their
     * results, e.g. {@code switch_primary confirmed fakeoa/rl-429 → fakeanth/ovl-529 at 2026-11-23T12:02:15Z}.
     * Declined decisions are not things it did (they stay in the journal); a decision whose result is known is
     * told by its result.
     */
    public List<String> recentActionsFor(String incidentId) {
        List<JournalEntry> mine = journal.recent(200).stream()
                .filter(e -> incidentId.equals(e.incidentId()) && !"declined".equals(e.decision()))
                .toList();
        Set<String> withResult = mine.stream()
                .filter(e -> "result".equals(e.decision()) && e.actionId() != null)
                .map(JournalEntry::actionId).collect(Collectors.toSet());
        return mine.stream()
                .filter(e -> !"taken".equals(e.decision()) || e.actionId() == null || !withResult.contains(e.actionId()))
                .map(Daemon::describeAction)
                .toList();
    }

    private static String describeAction(JournalEntry e) {
        StringBuilder sb = new StringBuilder(e.action()).append(' ').append(e.outcome());
        boolean routine = Set.of("written", "confirmed", "dry_run").contains(e.outcome());
        if (e.changes() != null && !e.changes().isEmpty()) {
            var c = e.changes().get(0);
            sb.append(' ').append(valueText(c.before())).append(" → ").append(valueText(c.after()));
        }
        if (e.time() != null) sb.append(" at ").append(e.time().truncatedTo(ChronoUnit.SECONDS));
        if ((!routine || e.changes() == null || e.changes().isEmpty()) && e.reason() != null) sb.append(": ").append(e.reason());
        return sb.toString();
    }

    private static String valueText(com.fasterxml.jackson.databind.JsonNode v) {
        return v == null || v.isNull() ? "-" : v.isTextual() ? v.asText() : v.toString();
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
