package io.gatewarden.gateway.restart;

import io.gatewarden.command.CommandRunner;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.secret.Redactor;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides and performs gateway restarts for one gateway.
 *
 * <p>Triggers (the lead wires them): {@link #tick()} every probe_interval (health probe and process check),
 * {@link #onEvent(GatewayEvent)} for parsed log events (crash lines), {@link #onIncidentPersistsAfterSwitch(Incident)}
 * when a switch did not help, and {@link #restartNow} for a human's request. Every request passes the same
 * guards in this order: trigger enabled, one action in flight, cooldown, budget, dry-run. Each decision, taken
 * or declined, goes to the {@link RestartGuard}'s journal (a repeat of the same decline is journalled once).
 *
 * <p>Incidents: {@code gateway_down} (critical) while the gateway is down, resolved when it answers again;
 * {@code gateway_restarted} (info; warning when the restart failed) for each restart performed;
 * {@code gateway_restart_loop} (critical) when the budget trips, kept open until {@link #resetBudget(String)}.
 *
 * <p>Time: the budget window and cooldown use the injected clock; waiting for the gateway to start is real
 * time (it waits on a real process).
 */
public final class GatewayRestarter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GatewayRestarter.class.getName());
    private static final String ACTION = "restart";
    private static final Duration STARTUP_POLL = Duration.ofMillis(200);

    private final String gateway;
    private final RestartSettings settings;
    private final RestartStrategy strategy;
    private final GatewayHealthProbe probe;
    private final GatewayProcessFinder processFinder;
    private final RestartBudget budget;
    private final RestartGuard guard;
    private final IncidentSink sink;
    private final Clock clock;
    private final Map<String, String> labels;
    private final ThreadPoolExecutor async;

    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicReference<RestartDecision> lastDecision = new AtomicReference<>();
    private volatile int consecutiveFailures;
    private volatile boolean down;
    private volatile Instant downSince;
    private volatile String lastDeclineKey;
    private volatile Instant lastDryRunAt;

    /**
     * @param strategy      null for strategy "none" (watch and report only)
     * @param processFinder null to skip the "process gone" check
     * @param sink          where incidents go; may be null (then only the journal sees anything)
     */
    public GatewayRestarter(String gateway, RestartSettings settings, RestartStrategy strategy, GatewayHealthProbe probe,
                            GatewayProcessFinder processFinder, RestartBudget budget, RestartGuard guard,
                            IncidentSink sink, Clock clock) {
        this.gateway = gateway;
        this.settings = settings;
        this.strategy = strategy;
        this.probe = probe;
        this.processFinder = processFinder;
        this.budget = budget;
        this.guard = guard;
        this.sink = sink;
        this.clock = clock;
        this.labels = Labels.of("gateway", gateway);
        // One worker, one waiting slot: requests beyond that are declined as "in flight" instead of piling up.
        this.async = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1), r -> {
            Thread t = new Thread(r, "gatewarden-restart-" + gateway);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Builds everything from settings: the strategy, the JDK-HttpClient probe, the process finder (only when
     * restart.pidfile or restart.process_name is set) and the budget persisted at
     * {@code <stateDir>/restart-budget-<gateway>.json}.
     */
    public static GatewayRestarter create(String gateway, RestartSettings settings, Path stateDir, RestartGuard guard,
                                          IncidentSink sink, Clock clock) {
        RestartStrategy strategy = RestartStrategies.create(settings, new CommandRunner(), System.getenv(), stateDir);
        GatewayProcessFinder finder = settings.processCheckConfigured()
                ? new GatewayProcessFinder(settings.pidfile(), settings.processName()) : null;
        RestartBudget budget = new RestartBudget(budgetFile(stateDir, gateway), settings.budget(), clock);
        return new GatewayRestarter(gateway, settings, strategy,
                new GatewayHealthProbe(settings.healthUrl(), settings.probeTimeout()), finder, budget, guard, sink, clock);
    }

    public static Path budgetFile(Path stateDir, String gateway) {
        return stateDir.resolve("restart-budget-" + gateway.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    // ------------------------------------------------------------------ triggers

    /**
     * One health round: probe /healthz, check the process when configured, and restart when the gateway is
     * down. Blocks for at most probe_timeout, plus a restart (command_timeout + startup_timeout) when one is due;
     * call it from a scheduler thread every probe_interval, never from the detection thread. While a restart is
     * in flight it does nothing, so a restarting gateway is not counted as failing.
     */
    public HealthState tick() {
        if (inFlight.get()) {
            return new HealthState(false, consecutiveFailures, down, false, "restart in flight", null);
        }
        GatewayHealthProbe.Result health = probe.healthz();
        if (health.ok()) {
            consecutiveFailures = 0;
            markUp("the gateway answers /healthz again");
            return new HealthState(true, 0, false, false, health.detail(), null);
        }
        int failures = ++consecutiveFailures;
        boolean processGone = false;
        String detail = "/healthz: " + health.detail();
        if (processFinder != null) {
            GatewayProcessFinder.Lookup lookup = processFinder.find();
            processGone = lookup.gone();
            if (processGone) detail += "; process: " + lookup.detail();
        }
        // A stale pidfile alone never restarts a gateway that answers; a failed probe plus a missing process does.
        boolean nowDown = failures >= settings.failuresBeforeDown() || processGone;
        if (!nowDown) return new HealthState(false, failures, false, false, detail, null);
        markDown(detail, failures);
        RestartTrigger trigger = processGone ? RestartTrigger.PROCESS_GONE : RestartTrigger.GATEWAY_DOWN;
        String why = processGone ? detail : failures + " failed /healthz probes in a row; last: " + health.detail();
        RestartDecision d = restartNow(trigger, why);
        if (d.outcome() == RestartDecision.Outcome.RESTARTED) consecutiveFailures = 0;
        return new HealthState(false, failures, true, processGone, detail, d);
    }

    /** Feed parsed log events here (cheap, never blocks): a crash line asks for a restart on the worker thread. */
    public void onEvent(GatewayEvent event) {
        if (event == null || event.type() != EventType.GATEWAY_CRASHED) return;
        String evidence = event.raw() == null ? "crash line" : truncate(event.raw(), 300);
        restartAsync(RestartTrigger.GATEWAY_CRASHED, "crash line: " + evidence);
    }

    /** An incident marked for restart is still open after a primary switch: restart (asynchronously). */
    public CompletableFuture<RestartDecision> onIncidentPersistsAfterSwitch(Incident incident) {
        return restartAsync(RestartTrigger.INCIDENT_PERSISTS, "incident " + incident.key() + " still open after a switch: "
                + truncate(incident.summary(), 200));
    }

    /** Queues a restart request on the worker thread; declined at once when one is already queued. */
    public CompletableFuture<RestartDecision> restartAsync(RestartTrigger trigger, String detail) {
        try {
            return CompletableFuture.supplyAsync(() -> restartNow(trigger, detail), async);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(
                    decline(trigger, RestartDecision.Outcome.DECLINED_IN_FLIGHT, detail + "; a restart request is already queued"));
        }
    }

    /** Decides and, when allowed, restarts now and waits for /startupz; blocks up to command_timeout + startup_timeout. */
    public RestartDecision restartNow(RestartTrigger trigger, String detail) {
        if (!settings.triggerEnabled(trigger)) {
            return decline(trigger, RestartDecision.Outcome.DECLINED_DISABLED,
                    detail + "; trigger '" + trigger.configName() + "' is not in restart.triggers");
        }
        if (strategy == null) {
            return decline(trigger, RestartDecision.Outcome.DECLINED_DISABLED, detail + "; restart.strategy is none");
        }
        if (!inFlight.compareAndSet(false, true)) {
            return decline(trigger, RestartDecision.Outcome.DECLINED_IN_FLIGHT, detail + "; a restart is in flight");
        }
        try {
            if (!guard.tryBegin(gateway, ACTION)) {
                return decline(trigger, RestartDecision.Outcome.DECLINED_IN_FLIGHT, detail + "; another action holds the gateway");
            }
            try {
                return decideAndAct(trigger, detail);
            } finally {
                guard.end(gateway, ACTION);
            }
        } finally {
            inFlight.set(false);
        }
    }

    private RestartDecision decideAndAct(RestartTrigger trigger, String request) {
        String detail = request;
        Instant now = clock.instant();
        if (budget.tripped()) {
            signalLoop(now, budget.trippedAt());
            return decline(trigger, RestartDecision.Outcome.DECLINED_BUDGET, detail + "; restart budget used up since "
                    + budget.trippedAt() + ", waiting for a human to reset it");
        }
        Instant cooldownUntil = cooldownUntil();
        if (cooldownUntil != null && now.isBefore(cooldownUntil)) {
            return decline(trigger, RestartDecision.Outcome.DECLINED_COOLDOWN, detail + "; cooling down until " + cooldownUntil);
        }
        if (trigger == RestartTrigger.GATEWAY_CRASHED) {
            // OpenClaw's CLI commands print the same crash line into the same log, and a supervisor may have
            // restarted the gateway already: a crash line restarts only a gateway that does not answer.
            GatewayHealthProbe.Result health = probe.healthz();
            if (health.ok()) {
                return decline(trigger, RestartDecision.Outcome.NOT_NEEDED, detail + "; but /healthz answers ("
                        + health.detail() + "), so the gateway itself is up");
            }
            detail = detail + "; /healthz: " + health.detail();
        }
        if (guard.dryRun()) {
            lastDryRunAt = now;
            String would = budget.peek() == RestartBudget.Verdict.ALLOWED
                    ? "would restart via " + strategy.name() + " (budget " + budget.used() + "/" + budget.max() + " used)"
                    : "would stop restarting: budget of " + budget.max() + " in " + budget.window() + " used up";
            return journal(trigger, RestartDecision.Outcome.DRY_RUN, detail + "; dry-run: " + would, Duration.ZERO);
        }
        RestartBudget.Verdict verdict = budget.tryConsume(trigger.wireName() + ": " + truncate(detail, 200));
        if (verdict != RestartBudget.Verdict.ALLOWED) {
            signalLoop(now, budget.trippedAt());
            return decline(trigger, RestartDecision.Outcome.DECLINED_BUDGET, detail + "; " + budget.max()
                    + " restarts within " + budget.window() + " already, gatewarden stops restarting until a human resets the budget");
        }
        long t0 = System.nanoTime();
        String why = detail;
        LOG.log(System.Logger.Level.WARNING, () -> "restarting gateway " + gateway + " via " + strategy.name() + " (" + trigger.wireName() + ": " + why + ")");
        RestartStrategy.Result done = strategy.restart();
        if (!done.ok()) {
            RestartDecision d = journal(trigger, RestartDecision.Outcome.FAILED, detail + "; " + done.detail(), since(t0));
            signalRestarted(now, false, d);
            return d;
        }
        GatewayHealthProbe.Result started = probe.awaitStarted(settings.startupTimeout(), settings.startupSettle(), STARTUP_POLL);
        RestartDecision.Outcome outcome = started.ok() ? RestartDecision.Outcome.RESTARTED : RestartDecision.Outcome.FAILED;
        RestartDecision d = journal(trigger, outcome, detail + "; " + done.detail() + "; /startupz: " + started.detail(), since(t0));
        signalRestarted(now, started.ok(), d);
        if (started.ok()) {
            consecutiveFailures = 0;
            markUp("the gateway started after a restart");
        }
        return d;
    }

    // ------------------------------------------------------------------ human controls and status

    /** A human dealt with the restart loop: empty and un-trip the budget, resolve gateway_restart_loop. */
    public void resetBudget(String by) {
        boolean wasTripped = budget.tripped();
        budget.reset();
        lastDeclineKey = null;
        Instant now = clock.instant();
        String who = by == null || by.isBlank() ? "a human" : by;
        journal(RestartTrigger.MANUAL, RestartDecision.Outcome.BUDGET_RESET,
                "restart budget reset by " + who + (wasTripped ? " (it was tripped)" : ""), Duration.ZERO);
        if (sink != null) sink.resolve(IncidentType.GATEWAY_RESTART_LOOP, labels, now, "restart budget reset by " + who);
    }

    public RestartStatus status() {
        return new RestartStatus(gateway, strategy == null ? "none" : strategy.name(), budget.used(), budget.max(),
                budget.window(), budget.tripped(), budget.trippedAt(), budget.lastAttemptAt(), cooldownUntil(),
                consecutiveFailures, down, inFlight.get(), lastDecision.get());
    }

    public RestartSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        async.shutdownNow();
    }

    // ------------------------------------------------------------------ internals

    private Instant cooldownUntil() {
        Instant last = budget.lastAttemptAt();
        Instant now = clock.instant();
        if (lastDryRunAt != null && lastDryRunAt.isAfter(now)) lastDryRunAt = now; // clock went back: cooldown from now
        Instant dry = lastDryRunAt;
        if (dry != null && (last == null || dry.isAfter(last))) last = dry;
        return last == null ? null : last.plus(settings.cooldown());
    }

    private void markDown(String detail, int failures) {
        Instant now = clock.instant();
        if (!down) {
            down = true;
            downSince = now;
        }
        if (sink != null) {
            sink.signal(new Signal(IncidentType.GATEWAY_DOWN, Severity.CRITICAL, labels, "down-" + downSince,
                    "gateway " + gateway + " is down (" + failures + " failed health probes in a row)", truncate(detail, 300), now));
        }
    }

    private void markUp(String why) {
        if (!down) return;
        down = false;
        downSince = null;
        if (sink != null) sink.resolve(IncidentType.GATEWAY_DOWN, labels, clock.instant(), why);
    }

    private void signalLoop(Instant now, Instant trippedAt) {
        if (sink == null) return;
        sink.signal(new Signal(IncidentType.GATEWAY_RESTART_LOOP, Severity.CRITICAL, labels, "loop-" + trippedAt,
                "gateway " + gateway + " needed more than " + budget.max() + " restarts within " + budget.window()
                        + "; gatewarden stopped restarting it until a human resets the budget",
                budget.trippedReason(), now));
    }

    private void signalRestarted(Instant at, boolean ok, RestartDecision d) {
        if (sink == null) return;
        sink.signal(new Signal(IncidentType.GATEWAY_RESTARTED, ok ? Severity.INFO : Severity.WARNING, labels, "restart-" + at,
                ok ? "gatewarden restarted gateway " + gateway + " via " + d.strategy() + " (" + d.trigger().wireName() + ")"
                        : "gatewarden's restart of gateway " + gateway + " via " + d.strategy() + " failed (" + d.trigger().wireName() + ")",
                truncate(d.reason(), 500), at));
    }

    private RestartDecision decline(RestartTrigger trigger, RestartDecision.Outcome outcome, String reason) {
        String key = trigger + "/" + outcome;
        RestartDecision d = new RestartDecision(clock.instant(), gateway, trigger, outcome,
                strategy == null ? "none" : strategy.name(), Redactor.mask(reason), Duration.ZERO);
        lastDecision.set(d);
        // a dead gateway asks again every probe; the journal needs the first decline, not one per probe
        if (!key.equals(lastDeclineKey)) {
            lastDeclineKey = key;
            safeJournal(d);
        }
        return d;
    }

    private RestartDecision journal(RestartTrigger trigger, RestartDecision.Outcome outcome, String reason, Duration took) {
        lastDeclineKey = null;
        RestartDecision d = new RestartDecision(clock.instant(), gateway, trigger, outcome,
                strategy == null ? "none" : strategy.name(), Redactor.mask(reason), took);
        lastDecision.set(d);
        safeJournal(d);
        return d;
    }

    private void safeJournal(RestartDecision d) {
        try {
            guard.journal(d);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "could not journal restart decision " + d + ": " + e);
        }
    }

    private static String truncate(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
