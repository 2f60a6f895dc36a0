package io.gatewarden.gateway.restart;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A RestartGuard that remembers its journal; dry-run is switchable. */
final class RecordingGuard implements RestartGuard {
    final List<RestartDecision> journal = new CopyOnWriteArrayList<>();
    volatile boolean dryRun;

    @Override public boolean dryRun() { return dryRun; }

    @Override public void journal(RestartDecision decision) { journal.add(decision); }

    long count(RestartDecision.Outcome outcome) {
        return journal.stream().filter(d -> d.outcome() == outcome).count();
    }
}
