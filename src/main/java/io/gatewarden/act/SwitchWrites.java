package io.gatewarden.act;

import io.gatewarden.gateway.GatewayConfigWriter;
import io.gatewarden.gateway.Json5EditException;
import io.gatewarden.parse.GatewayEvent;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The write → confirm → roll back of one primary change, on {@link ReloadConfirmation} (which the spend guard shares):
 * the config write, its journal lines, and handing the {@link ActionGuard} permit back. What the switcher remembers
 * about it (its {@link SwitcherPhase}), alerts and outcomes stay with the switcher.
 */
final class SwitchWrites {

    /** How a write went. */
    sealed interface Attempt {}

    /** In the file: waits for the gateway's word. */
    record Written(PendingSwitch pending) implements Attempt {}

    /** Nothing written ({@code outcome}: dry_run, unchanged, ...); the permit is back. */
    record NotWritten(String outcome) implements Attempt {}

    /** The write failed; report it through {@link #refused}. */
    record Failed(Exception error) implements Attempt {}

    private final String gateway;
    private final GatewayConfigWriter writer;
    private final ActionGuard guard;
    private final ActionJournal journal;
    private final Clock clock;
    private final Duration confirmTimeout;

    SwitchWrites(String gateway, GatewayConfigWriter writer, ActionGuard guard, Clock clock, Duration confirmTimeout) {
        this.gateway = gateway;
        this.writer = writer;
        this.guard = guard;
        this.journal = guard.journal();
        this.clock = clock;
        this.confirmTimeout = confirmTimeout;
    }

    /**
     * Writes {@code changes} over the config whose hash was {@code basedOn}. Written, the change waits for the gateway
     * until {@code confirm_timeout}; not written (dry run, nothing to change), the permit is handed back; failed, the
     * caller reports it through {@link #refused}.
     */
    Attempt write(ActionGuard.Permit p, String action, String basedOn, String from, String to,
                  List<GatewayConfigWriter.Change> changes, String incident, long t0, SwitcherState before) {
        GatewayConfigWriter.Result res;
        try {
            res = writer.apply(new GatewayConfigWriter.Request(action, p.actionId(), p.request().reason(), incident, changes,
                    p.dryRun(), basedOn));
        } catch (Json5EditException | IOException | RuntimeException e) {
            return new Failed(e);
        }
        Duration toWrite = Duration.ofNanos(System.nanoTime() - t0);
        if (!res.written()) {
            guard.finish(p, res.outcome());
            return new NotWritten(res.outcome());
        }
        return new Written(new PendingSwitch(p, action, from, to, changes.get(0).path(), res,
                clock.instant().plus(confirmTimeout), t0, toWrite, incident, before));
    }

    /** A write that failed: the permit goes back; the journal says why unless the writer already did (a JSON5 edit). */
    void refused(ActionGuard.Permit p, String action, Exception e) {
        guard.finish(p, "refused");
        if (!(e instanceof Json5EditException)) {
            journal.append(JournalEntry.builder(action, "result", "failed").gateway(gateway).actionId(p.actionId())
                    .reason(String.valueOf(e.getMessage())).build());
        }
    }

    /** What {@code e} says about the pending write. */
    ReloadConfirmation.Verdict judge(PendingSwitch pd, GatewayEvent e) {
        return ReloadConfirmation.judge(e, pd.write().at(), List.of(pd.expectPath()));
    }

    /** The gateway applied it: journalled, permit back; returns trigger → confirmation. */
    Duration confirmed(PendingSwitch pd, GatewayEvent e) {
        Duration toConfirm = Duration.ofNanos(System.nanoTime() - pd.triggerNanos());
        try {
            journal.append(ReloadConfirmation.confirmed(pd.action(), gateway, pd.permit().actionId(), pd.incidentId(),
                    pd.write(), e, toConfirm));
        } finally {
            guard.finish(pd.permit(), "confirmed");
        }
        return toConfirm;
    }

    /** Not confirmed: puts the backup back (only over our own write). */
    ReloadConfirmation.Rollback restore(PendingSwitch pd, String why) {
        return ReloadConfirmation.rollback(writer, pd.write(), PrimarySwitcher.RESTORE, pd.permit().actionId(),
                pd.action() + " " + pd.from() + " -> " + pd.to() + " not confirmed: " + why, pd.incidentId());
    }

    /** Journals how the rollback went and hands the permit back. */
    void rolledBack(PendingSwitch pd, ReloadConfirmation.Rollback rb, String detail) {
        try {
            journal.append(JournalEntry.builder(pd.action(), "result", rb.outcome()).gateway(gateway).actionId(pd.permit().actionId())
                    .incidentId(pd.incidentId()).changes(pd.write().changes()).backup(String.valueOf(pd.write().backup()))
                    .reason(detail).build());
        } finally {
            guard.finish(pd.permit(), rb.outcome());
        }
    }
}
