package io.gatewarden.daemon;

import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Holds incident changes back from the alert pipeline until the daemon state that contains them is on disk.
 *
 * <p>Why: after a {@code kill -9} the daemon resumes from its last saved state and reads the lines after its
 * checkpoint again. Those lines can then make a different history than the one the dead process had told the alert
 * pipeline (incidents resolve on the wall clock, lines carry log time), e.g. an incident whose resolution was already
 * announced is restored open and extended again: announced twice, under new keys. If the alert pipeline only ever
 * hears changes that are durable, whatever it announced survives the crash, and what is re-read was never announced.
 * The cost is latency: a change waits for the next save, which the daemon does right after the batch or tick that
 * produced it.
 *
 * <p>Usage (under the daemon's detection lock): {@code var ready = gate.take(); save(snapshot); gate.release(ready)}
 * — changes fired after {@code take} are already in the tracker, so they are in that snapshot or a later one.
 */
final class DurableAlertGate implements IncidentListener {
    enum Change { OPENED, UPDATED, RESOLVED }

    /** One change, as the tracker announced it. */
    record Held(Change change, Incident incident) {}

    private final IncidentListener target;
    private final Object lock = new Object();
    private List<Held> held = new ArrayList<>();

    DurableAlertGate(IncidentListener target) {
        this.target = target;
    }

    @Override
    public void opened(Incident incident) {
        hold(Change.OPENED, incident);
    }

    @Override
    public void updated(Incident incident) {
        hold(Change.UPDATED, incident);
    }

    @Override
    public void resolved(Incident incident) {
        hold(Change.RESOLVED, incident);
    }

    private void hold(Change c, Incident i) {
        synchronized (lock) {
            held.add(new Held(c, i));
        }
    }

    boolean hasHeld() {
        synchronized (lock) {
            return !held.isEmpty();
        }
    }

    /** The changes held so far; pass them to {@link #release} once a state saved after this call is on disk. */
    List<Held> take() {
        synchronized (lock) {
            List<Held> out = held;
            held = new ArrayList<>();
            return out;
        }
    }

    /** Hands changes from {@link #take} to the alert pipeline, in the order they happened. */
    void release(List<Held> taken) {
        for (Held h : taken) {
            switch (h.change) {
                case OPENED -> target.opened(h.incident);
                case UPDATED -> target.updated(h.incident);
                case RESOLVED -> target.resolved(h.incident);
            }
        }
    }
}
