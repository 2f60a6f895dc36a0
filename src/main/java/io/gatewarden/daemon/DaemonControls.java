package io.gatewarden.daemon;

import io.gatewarden.act.ActionOutcome;
import io.gatewarden.act.JournalEntry;
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

/**
 * What an operator may change in a running daemon through the API, and the few readings each change reports.
 * A narrow view: the API gets these operations, never the components behind them. Breaker changes take the
 * detection lock, like every other change of breaker state.
 */
public interface DaemonControls {
    String gatewayName();

    Instant now();

    HttpSettings http();

    List<BreakerSnapshot> breakers();

    Optional<BreakerSnapshot> breaker(BreakerKey key);

    List<BreakerTransition> resetBreaker(BreakerKey key, String why);

    List<BreakerTransition> forceOpenBreaker(BreakerKey key, Duration wait, String why);

    /** False when the gateway config was missing or unreadable at start: there is no switcher to pin with. */
    boolean switchingOn();

    /** The gateway config the switcher edits (named when switching is off). */
    Path gatewayConfigFile();

    ActionOutcome pin(String modelRef, String reason);

    ActionOutcome unpin(String reason);

    List<Silence> silences();

    Silence addSilence(NewSilence request);

    boolean expireSilence(String id);

    boolean dryRun();

    RestartStatus restartStatus();

    void resetRestartBudget(String by);

    void journal(JournalEntry entry);
}
