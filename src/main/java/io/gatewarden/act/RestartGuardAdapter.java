package io.gatewarden.act;

import io.gatewarden.gateway.restart.RestartDecision;
import io.gatewarden.gateway.restart.RestartGuard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds the restarter's {@link RestartGuard} to the shared {@link ActionGuard} and {@link ActionJournal}: one dry-run
 * switch, one in-flight slot per gateway shared with primary switches, one journal. The restarter keeps its own
 * budget and cooldown, so only the in-flight slot is claimed here.
 */
public final class RestartGuardAdapter implements RestartGuard {
    private final ActionGuard guard;
    private final Map<String, ActionGuard.Permit> held = new ConcurrentHashMap<>();

    public RestartGuardAdapter(ActionGuard guard) {
        this.guard = guard;
    }

    @Override
    public boolean dryRun() {
        return guard.dryRun();
    }

    @Override
    public void journal(RestartDecision d) {
        try {
            String outcome = d.outcome().wireName();
            String decision = d.outcome().acted() || d.outcome() == RestartDecision.Outcome.DRY_RUN ? "taken"
                    : outcome.startsWith("declined") || d.outcome() == RestartDecision.Outcome.NOT_NEEDED ? "declined" : "result";
            guard.journal().append(JournalEntry.builder("restart", decision, outcome)
                    .time(d.at()).gateway(d.gateway()).reason(d.trigger().wireName() + ": " + d.reason())
                    .detail("strategy " + d.strategy()).dryRun(d.outcome() == RestartDecision.Outcome.DRY_RUN)
                    .latencyMs(d.took() == null || d.took().isZero() ? null : d.took().toMillis()).build());
        } catch (RuntimeException e) {
            System.getLogger(RestartGuardAdapter.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot journal restart decision: " + e.getMessage());
        }
    }

    @Override
    public boolean tryBegin(String gateway, String action) {
        return guard.claim(gateway, action).map(p -> {
            held.put(gateway + "|" + action, p);
            return true;
        }).orElse(false);
    }

    @Override
    public void end(String gateway, String action) {
        ActionGuard.Permit p = held.remove(gateway + "|" + action);
        if (p != null) guard.finish(p, "done");
    }
}
