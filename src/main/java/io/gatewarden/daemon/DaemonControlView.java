package io.gatewarden.daemon;

import io.gatewarden.act.ActionOutcome;
import io.gatewarden.act.JournalEntry;
import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.alert.NewSilence;
import io.gatewarden.alert.Silence;
import io.gatewarden.breaker.BreakerKey;
import io.gatewarden.breaker.BreakerSnapshot;
import io.gatewarden.breaker.BreakerTransition;
import io.gatewarden.config.HttpSettings;
import io.gatewarden.gateway.restart.RestartStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The daemon's {@link DaemonControls}. One per daemon. */
final class DaemonControlView implements DaemonControls {
    private final Daemon d;

    DaemonControlView(Daemon d) {
        this.d = d;
    }

    @Override public String gatewayName() { return d.config().gateway().name(); }
    @Override public Instant now() { return d.clock().instant(); }
    @Override public HttpSettings http() { return d.config().http(); }
    @Override public List<BreakerSnapshot> breakers() { return d.breakers().snapshot(); }
    @Override public Optional<BreakerSnapshot> breaker(BreakerKey key) { return d.breakers().find(key); }
    @Override public List<BreakerTransition> resetBreaker(BreakerKey key, String why) {
        return d.locked(() -> d.breakers().reset(key, why));
    }
    @Override public List<BreakerTransition> forceOpenBreaker(BreakerKey key, Duration wait, String why) {
        return d.locked(() -> d.breakers().forceOpen(key, wait, why));
    }
    @Override public boolean switchingOn() { return d.switcher().isPresent(); }
    @Override public Path gatewayConfigFile() { return d.config().gateway().configFile(); }
    @Override public ActionOutcome pin(String modelRef, String reason) { return switcher().pin(modelRef, reason); }
    @Override public ActionOutcome unpin(String reason) { return switcher().unpin(reason); }
    @Override public List<Silence> silences() { return d.alerts().silences(); }
    @Override public Silence addSilence(NewSilence request) { return d.alerts().addSilence(request); }
    @Override public boolean expireSilence(String id) { return d.alerts().expireSilence(id); }
    @Override public boolean dryRun() { return d.guard().dryRun(); }
    @Override public RestartStatus restartStatus() { return d.restarter().status(); }
    @Override public void resetRestartBudget(String by) { d.restarter().resetBudget(by); }
    @Override public void journal(JournalEntry entry) { d.journal().append(entry); }

    private PrimarySwitcher switcher() {
        return d.switcher().orElseThrow(() -> new IllegalStateException("primary switching is off"));
    }
}
