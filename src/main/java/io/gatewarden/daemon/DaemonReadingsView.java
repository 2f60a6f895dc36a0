package io.gatewarden.daemon;

import io.gatewarden.act.JournalEntry;
import io.gatewarden.act.PaidCallBudget;
import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.act.SessionView;
import io.gatewarden.alert.Silence;
import io.gatewarden.config.GatewaySettings;
import io.gatewarden.gateway.restart.RestartStatus;
import io.gatewarden.lint.LintSettings;
import io.gatewarden.load.LoadWatch;
import io.gatewarden.load.ProviderCallRates;
import io.gatewarden.act.SpendGuard;
import io.gatewarden.alert.AlertSettings;
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

/** The daemon's {@link DaemonReadings}: reads its components, hands none of them out. One per daemon. */
final class DaemonReadingsView implements DaemonReadings {
    private final Daemon d;

    DaemonReadingsView(Daemon d) {
        this.d = d;
    }

    @Override public String gatewayName() { return d.config().gateway().name(); }
    @Override public PipelineStats pipelineStats() { return d.pipeline().stats(); }
    @Override public TailStats tailStats() { return d.tailer().stats(); }
    @Override public long oversizedLines() { return d.tailer().stats().skippedLines() + d.pipeline().stats().oversized(); }
    @Override public long stateSaveFailures() { return d.stateStore().failures(); }
    @Override public AlertStats alertStats() { return d.alerts().stats(); }
    @Override public List<String> receiverNames() {
        return d.alerts().settings().receivers().stream().map(AlertSettings.Receiver::name).toList();
    }
    @Override public List<Incident> openIncidents() { return d.incidents().open(); }
    @Override public List<BreakerSnapshot> breakers() { return d.breakers().snapshot(); }
    @Override public BreakerStatus breakerStatus(BreakerKey key) { return d.breakers().status(key); }
    @Override public boolean dryRun() { return d.guard().dryRun(); }
    @Override public long modelProbes(ModelProbeRunner.Outcome outcome) { return d.modelProbes().count(outcome); }
    @Override public long modelProbesCapped() { return d.modelProbes().cappedCount(); }
    @Override public long paidCallsTotal() { return d.spendGuard().map(SpendGuard::paidCallsTotal).orElse(0L); }
    @Override public boolean spendGuardActive() { return d.spendGuard().map(SpendGuard::active).orElse(false); }
    @Override public List<PaidCallBudget.Usage> paidCallsToday() { return d.spendGuard().map(SpendGuard::paidCalls).orElse(List.of()); }
    @Override public int metricAgents() { return d.config().load().metricAgents(); }
    @Override public Instant now() { return d.clock().instant(); }
    @Override public GatewaySettings gateway() { return d.config().gateway(); }
    @Override public LintSettings lint() { return d.config().lint(); }
    @Override public List<Incident> recentIncidents() { return d.incidents().recent(); }
    @Override public Optional<PrimarySwitcher.Status> primaryStatus() { return d.switcher().map(PrimarySwitcher::status); }
    @Override public RestartStatus restartStatus() { return d.restarter().status(); }
    @Override public boolean modelProbesEnabled() { return d.modelProbes().enabled(); }
    @Override public List<ModelProbeRunner.ModelStatus> modelProbeStatus() { return d.modelProbes().status(); }
    @Override public Optional<SpendGuard.Status> spendStatus() { return d.spendGuard().map(SpendGuard::status); }
    @Override public List<SessionView> sessions() { return d.sessionActions().status(); }
    @Override public List<JournalEntry> recentActions(int n) { return d.journal().recent(n); }
    @Override public List<Silence> silences() { return d.alerts().silences(); }
    @Override public ProviderCallRates.Snapshot callRates() { return d.callRates().snapshot(); }
    @Override public List<LoadWatch.Count> loadLast24h() { return d.load().last24h(); }
    @Override public void onIncident(IncidentListener listener) { d.incidents().addListener(listener); }
    @Override public void onJournal(Consumer<JournalEntry> listener) { d.journal().addListener(listener); }
    @Override public void onLoadCall(Consumer<LoadSource> listener) { d.load().addListener(listener); }
    @Override public void onProbe(ProbeListener listener) { d.probes().addListener(listener); }
    @Override public void onBreaker(BreakerListener listener) { d.breakers().addListener(listener); }
}
