package io.gatewarden.daemon;

import io.gatewarden.act.JournalEntry;
import io.gatewarden.act.PaidCallBudget;
import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.act.SessionView;
import io.gatewarden.act.SpendGuard;
import io.gatewarden.alert.Silence;
import io.gatewarden.config.GatewaySettings;
import io.gatewarden.gateway.restart.RestartStatus;
import io.gatewarden.lint.LintSettings;
import io.gatewarden.load.LoadWatch;
import io.gatewarden.load.ProviderCallRates;
import io.gatewarden.alert.AlertStats;
import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerListener;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;
import io.gatewarden.load.LoadSource;
import io.gatewarden.pipeline.PipelineStats;
import io.gatewarden.probe.ModelProbeRunner;
import io.gatewarden.probe.ProbeListener;
import io.gatewarden.tail.TailStats;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What is read of one running daemon — by the metrics (counters and snapshots at scrape time, and the few rare events
 * they count) and by the status API and page. A narrow view: values and snapshots only, no component of the daemon is
 * handed out, so a reader cannot change anything (changes go through {@link DaemonControls}).
 */
public interface DaemonReadings {
    String gatewayName();

    PipelineStats pipelineStats();

    TailStats tailStats();

    /** Lines dropped for being longer than {@code tail.max_line_bytes}, by the tailer or the pipeline. */
    long oversizedLines();

    long stateSaveFailures();

    AlertStats alertStats();

    List<String> receiverNames();

    List<Incident> openIncidents();

    List<BreakerSnapshot> breakers();

    BreakerStatus breakerStatus(BreakerKey key);

    boolean dryRun();

    long modelProbes(ModelProbeRunner.Outcome outcome);

    long modelProbesCapped();

    /** 0 when the spend guard is off (no gateway config). */
    long paidCallsTotal();

    boolean spendGuardActive();

    List<PaidCallBudget.Usage> paidCallsToday();

    /** Agents that get their own label on the load counters. */
    int metricAgents();

    // ---------------------------------------------------------------- status API and page

    Instant now();

    GatewaySettings gateway();

    LintSettings lint();

    List<Incident> recentIncidents();

    /** Empty when switching is off (no readable gateway config at start). */
    Optional<PrimarySwitcher.Status> primaryStatus();

    RestartStatus restartStatus();

    boolean modelProbesEnabled();

    List<ModelProbeRunner.ModelStatus> modelProbeStatus();

    /** Empty when the spend guard is off (no readable gateway config at start). */
    Optional<SpendGuard.Status> spendStatus();

    List<SessionView> sessions();

    List<JournalEntry> recentActions(int n);

    List<Silence> silences();

    ProviderCallRates.Snapshot callRates();

    List<LoadWatch.Count> loadLast24h();

    // ---------------------------------------------------------------- rare events (metrics)

    void onIncident(IncidentListener listener);

    void onJournal(Consumer<JournalEntry> listener);

    void onLoadCall(Consumer<LoadSource> listener);

    void onProbe(ProbeListener listener);

    void onBreaker(BreakerListener listener);
}
