package io.gatewarden.daemon;

import io.gatewarden.act.ActionGuard;
import io.gatewarden.act.ActionJournal;
import io.gatewarden.act.ChainSnapshot;
import io.gatewarden.act.CredentialCheck;
import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.act.RestartGuardAdapter;
import io.gatewarden.act.SessionActions;
import io.gatewarden.act.SessionActor;
import io.gatewarden.act.SpendGuard;
import io.gatewarden.alert.AlertPipeline;
import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.ConfiguredProfiles;
import io.gatewarden.breaker.RecoveryEvidence;
import io.gatewarden.collect.GatewayStatusCollector;
import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.detect.pressure.ContextPressureDetector;
import io.gatewarden.detect.pressure.QuotaBurnDetector;
import io.gatewarden.gateway.ConfigError;
import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.command.CommandRunner;
import io.gatewarden.gateway.restart.GatewayRestarter;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentTracker;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Signal;
import io.gatewarden.lint.ChainLintWatcher;
import io.gatewarden.lint.ChainLinter;
import io.gatewarden.load.DaemonLoad;
import io.gatewarden.load.ProviderCallRates;
import io.gatewarden.pipeline.EventPipeline;
import io.gatewarden.pipeline.GatewayLabeledSink;
import io.gatewarden.pipeline.Pipelines;
import io.gatewarden.probe.FailureKind;
import io.gatewarden.probe.JdkProbeHttp;
import io.gatewarden.probe.ModelProbeRunner;
import io.gatewarden.probe.ProbeHttp;
import io.gatewarden.probe.ProbeResult;
import io.gatewarden.probe.ProbeRunner;
import io.gatewarden.probe.ProbeSettings;
import io.gatewarden.run.Run;
import io.gatewarden.tail.CheckpointStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The composition root: every component of the daemon built from the config, and wired, in one place and in this
 * order — state and incidents, alerts, the pipeline, actions (journal, guard, breakers, switcher, spend guard, lint),
 * the restarter, probes and collector, the listeners on the pipeline's streams, session actions. {@link Daemon}
 * then only starts, ticks and closes what it is handed.
 *
 * <p>Everything that touches detector or breaker state from another thread goes through the one detection lock made
 * here and handed to the daemon, so the pipeline stays single-threaded as it is designed to be.
 */
public final class DaemonBuilder {
    private static final System.Logger LOG = System.getLogger(DaemonBuilder.class.getName());

    private DaemonBuilder() {}

    public static Daemon build(GatewardenConfig cfg, Clock clock, boolean fromStart) throws IOException {
        return build(cfg, clock, fromStart, null);
    }

    /** @param probeHttp how probes talk HTTP (the Quarkus REST client in the daemon); null for the JDK client */
    public static Daemon build(GatewardenConfig cfg, Clock clock, boolean fromStart, ProbeHttp probeHttp) throws IOException {
        Object detectLock = new Object();
        Path state = cfg.stateDir();
        Files.createDirectories(state);
        String gateway = cfg.gateway().name();

        // state and incidents: the one labeled sink every signal enters by (log detectors, probes, restarter, actions)
        IncidentTracker tracker = new IncidentTracker(cfg.incidents(), clock);
        IncidentSink sink = new GatewayLabeledSink(tracker, gateway);
        DaemonStateStore stateStore = new DaemonStateStore(state.resolve("daemon-state.json"), clock);
        StateWriteAlarm stateAlarm = new StateWriteAlarm(state, sink, clock);
        Optional<DaemonStateStore.Saved> saved = stateStore.load();
        saved.ifPresent(s -> {
            int n = tracker.restore(s.incidents());
            LOG.log(System.Logger.Level.INFO, () -> "restored " + n + " open incident(s) from " + stateStore.file());
        });

        // actions: built before the alerts that tell what they did; the tracker's listeners are added after the alerts'
        ActionJournal journal = new ActionJournal(state.resolve(cfg.act().journal().file()),
                cfg.act().journal().maxMb() * 1024L * 1024L, clock);
        Path openclawJson = cfg.gateway().configFile();
        ChainSnapshot chain = readChain(openclawJson, cfg.gateway().authProfilesFile());
        if (chain != null && chain.primaryNotEditable() != null) LOG.log(System.Logger.Level.WARNING, chain.primaryNotEditable());
        BreakerRegistry breakers = new BreakerRegistry(cfg.breakers(), clock,
                new ConfiguredProfiles(chain == null ? Map.of() : chain.profilesByProvider()), state.resolve("breakers.json"));
        ActionGuard guard = new ActionGuard(clock, journal, cfg.act(), state.resolve("guard.json"));
        PrimarySwitcher switcher = null;
        SpendGuard spend = null;
        ChainLintWatcher lint = null;
        if (chain != null) {
            GatewayConfigWriter writer = new GatewayConfigWriter(openclawJson, journal, clock,
                    cfg.act().backups().keep(), cfg.act().backups().dir());
            switcher = new PrimarySwitcher(gateway, writer, breakers, guard, cfg.act().switchPrimary(),
                    CredentialCheck.FROM_CONFIG, clock, state.resolve("switcher.json"));
            if (cfg.gateway().authProfilesFile() != null) switcher.setLegacyAuthProfiles(cfg.gateway().authProfilesFile());
            breakers.addListener(switcher);
            switcher.setAlertSink(sink);
            switcher.setRateLimitDomains(cfg.gateway().domains());
            lint = new ChainLintWatcher(openclawJson, cfg.gateway().authProfilesFile(), cfg.lint(), cfg.gateway().domains(), sink, clock);
            PrimarySwitcher own = switcher;
            lint.setOwnPrimaries(() -> ownPrimaries(own));
            // the spend guard shares the guard (one action in flight with the switcher), the writer and the lint's classes
            spend = new SpendGuard(gateway, writer, guard, cfg.act().spendGuard(),
                    new ChainLinter(cfg.lint(), cfg.gateway().domains()), clock, state.resolve("spend-guard.json"));
            if (cfg.gateway().authProfilesFile() != null) spend.setLegacyAuthProfiles(cfg.gateway().authProfilesFile());
            spend.setAlertSink(sink);
        } else {
            LOG.log(System.Logger.Level.WARNING, "gateway config " + openclawJson + " is missing or unreadable: primary "
                    + "switching and the chain lint are off until gatewarden is restarted with a readable gateway.config_file");
        }

        // incident changes reach the alerts first, and only once the state holding them is saved (DurableAlertGate)
        AlertPipeline alerts = AlertPipeline.builder(cfg.alert(), state).clock(clock)
                .context(new DaemonAlertContext(journal, switcher, breakers)).build();
        DurableAlertGate durableAlerts = new DurableAlertGate(alerts);
        tracker.addListener(durableAlerts);
        if (switcher != null) tracker.addListener(switcher);
        if (spend != null) {
            tracker.addListener(spend);
            tracker.open().forEach(spend::opened); // episodes restored from daemon-state.json keep a guard in place
        }

        EventPipeline pipeline = Pipelines.create(cfg.pipeline(), clock, tracker, sink);
        QuotaBurnDetector quota = (QuotaBurnDetector) pipeline.detectors().detector(Pipelines.QUOTA_BURN);
        ContextPressureDetector context = (ContextPressureDetector) pipeline.detectors().detector(Pipelines.CONTEXT_PRESSURE);

        GatewayRestarter restarter = GatewayRestarter.create(gateway, cfg.restart(), state, new RestartGuardAdapter(guard), sink, clock);

        // the restarter owns gateway health (gateway_down); probe.gateway is off unless asked for
        ProbeSettings probeSettings = cfg.probe();
        ProbeRunner probes = ProbeRunner.create(probeSettings,
                probeHttp != null ? probeHttp : new JdkProbeHttp(probeSettings.connectTimeout(), probeSettings.maxBodyBytes()),
                clock, sink, r -> { synchronized (detectLock) { quota.onProbeResult(r); } },
                r -> feedBreakersFromProbe(r, breakers, detectLock));
        ModelProbeRunner modelProbes = new ModelProbeRunner(probeSettings.modelProbes(),
                probeHttp != null ? probeHttp : new JdkProbeHttp(probeSettings.connectTimeout(), probeSettings.maxBodyBytes()),
                clock, System::getenv);

        GatewayStatusCollector collector = cfg.collect().enabled() ? GatewayStatusCollector.create(cfg.collect(), clock) : null;
        if (collector != null) collector.addListener(s -> { synchronized (detectLock) { context.onStatus(s, sink); } });

        // one model of what the gateway did: breakers and call rates read its request stream, never raw lines
        if (switcher != null) pipeline.runModel().setPrimary(switcher::currentPrimary);
        pipeline.addEventListener(breakers::onEvent);
        pipeline.addRequestListener(breakers::onRequest);
        if (switcher != null) pipeline.addEventListener(switcher::onEvent);
        if (spend != null) {
            spend.setRequestedModelOfRun(id -> {
                Run r = pipeline.runModel().run(id);
                return r == null ? null : r.requestedModel();
            });
            pipeline.addRequestListener(spend::onRequest);
            pipeline.addEventListener(spend::onEvent);
        }
        pipeline.addEventListener(restarter::onEvent);
        ProviderCallRates callRates = new ProviderCallRates(clock);
        pipeline.addRequestListener(callRates);
        // who spends the quota: calls per source (status page, metrics) and the daily digest through the receivers
        DaemonLoad load = new DaemonLoad(cfg.load(), pipeline.runModel(), openclawJson, cfg.gateway().domains(), state, clock,
                d -> alerts.sendInfo("load-digest-" + d.day(), "load_digest", d.summary(), d.details()));
        pipeline.addRequestListener(load.watch()::onRequest);
        pipeline.addEventListener(load.watch()::onEvent);

        // session actions: compact under context pressure, quarantine a transcript error loop (docs/act.md)
        var sa = cfg.act().sessions();
        ExecutorService sessionCommands = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gatewarden-session-actions");
            t.setDaemon(true);
            return t;
        });
        SessionActions sessionActions = new SessionActions(gateway, sa, guard,
                new SessionActor(new CommandRunner(sa.env(), SessionActor.MAX_REPLY_BYTES), sa.command(), sa.commandTimeout()),
                pipeline.runModel().sessions(), sessionCommands, clock, agent -> primaryOf(openclawJson, agent));
        // its alerts come from the command thread: they enter the tracker under the detection lock like every other signal
        sessionActions.setAlertSink(lockedSink(sink, detectLock));
        tracker.addListener(sessionActions);
        pipeline.addEventListener(sessionActions::onEvent);

        CheckpointStore checkpoints = saved.map(s -> CheckpointStore.consumerOwned(s.checkpoints()))
                .orElseGet(() -> CheckpointStore.consumerOwned(null));
        return new Daemon(new Daemon.Parts(cfg, clock, detectLock, fromStart ? cfg.tail().withFromStart(true) : cfg.tail(),
                checkpoints, tracker, pipeline, stateStore, stateAlarm, breakers, journal, guard, switcher, spend,
                restarter, probes, modelProbes, collector, lint, alerts, durableAlerts, callRates, load, sessionActions,
                sessionCommands));
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
            LOG.log(System.Logger.Level.WARNING, "cannot read gateway config: " + e.getMessage());
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
    private static void feedBreakersFromProbe(ProbeResult r, BreakerRegistry breakers, Object detectLock) {
        if (r.isGateway() || r.provider() == null) return;
        RecoveryEvidence.Outcome o = r.ok() ? RecoveryEvidence.Outcome.OK
                : r.failure() == FailureKind.NO_CREDENTIAL ? RecoveryEvidence.Outcome.INCONCLUSIVE : RecoveryEvidence.Outcome.FAILED;
        synchronized (detectLock) {
            breakers.recordListProbe(r.provider(), r.profile(), RecoveryEvidence.listProbe(o, r.detail()));
        }
    }

    /** Models this gatewarden made the primary: the lint does not call the switch's own repeat a misconfiguration. */
    private static Set<String> ownPrimaries(PrimarySwitcher switcher) {
        PrimarySwitcher.Status st = switcher.status();
        Set<String> own = new HashSet<>();
        if (st.pendingTo() != null) own.add(st.pendingTo());
        if (st.state().switchedTo() != null) own.add(st.state().switchedTo());
        if (st.state().pinned() != null) own.add(st.state().pinned());
        return own;
    }

    /** {@code sink} entered under the detection lock, for signals raised on another thread. */
    private static IncidentSink lockedSink(IncidentSink sink, Object detectLock) {
        return new IncidentSink() {
            @Override
            public void signal(Signal sig) {
                synchronized (detectLock) { sink.signal(sig); }
            }

            @Override
            public void resolve(IncidentType type, Map<String, String> labels, Instant at, String why) {
                synchronized (detectLock) { sink.resolve(type, labels, at, why); }
            }
        };
    }
}
