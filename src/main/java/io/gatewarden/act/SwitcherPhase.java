package io.gatewarden.act;

/**
 * Where the primary switcher stands. Its {@link SwitcherState} (what {@code switcher.json} holds) is one part of it;
 * the other is a config write that waits for the gateway's hot reload, which only lives in memory (a restart forgets
 * it; the write stays, like any confirmed one). Each phase admits only the states that make sense in it, and
 * {@link #settled} is the one place that says which phase a state is in.
 * <pre>
 *   Idle ──switch──▶ AwaitingReload ──confirmed──▶ Switched ──fail back──▶ AwaitingReload ──confirmed──▶ Idle
 *     ▲ ╲                  │ rolled back: the phase before the write       │ someone else changed the primary: Idle
 *     │  pin ──▶ AwaitingReload ──confirmed──▶ Pinned ──unpin──▶ Idle or Switched
 * </pre>
 */
sealed interface SwitcherPhase {

    /** What {@code switcher.json} holds in this phase (and what the status page shows). */
    SwitcherState state();

    /** The phase of a state with no write waiting. */
    static SwitcherPhase settled(SwitcherState s) {
        if (s.pinned() != null) return new Pinned(s);
        return s.switched() ? new Switched(s) : new Idle(s);
    }

    /** The same phase with {@code s} as its state (a write that waits keeps waiting). */
    default SwitcherPhase with(SwitcherState s) {
        return settled(s);
    }

    /** The original primary is in place; a recent fail-back may be remembered (failed_back_at, dwell). */
    record Idle(SwitcherState state) implements SwitcherPhase {
        public Idle {
            if (state.switched() || state.pinned() != null) throw new IllegalArgumentException("not idle: " + state);
        }
    }

    /** We switched away from {@code state.originalPrimary()}; fail-back returns to it once it has recovered. */
    record Switched(SwitcherState state) implements SwitcherPhase {
        public Switched {
            if (!state.switched() || state.pinned() != null) throw new IllegalArgumentException("not switched: " + state);
        }
    }

    /**
     * An operator pinned {@code state.pinned()}: no automatic change. A pin always ends a switch episode; one read
     * from an older file is kept as it is, and not acted on, until the unpin.
     */
    record Pinned(SwitcherState state) implements SwitcherPhase {
        public Pinned {
            if (state.pinned() == null) throw new IllegalArgumentException("not pinned: " + state);
        }
    }

    /**
     * A write of ours waits for {@code config hot reload applied}: confirmed, {@code state} (already saved) holds;
     * skipped or timed out, the backup goes back and {@code write.previousState()} with it. Nothing else is decided
     * meanwhile.
     */
    record AwaitingReload(PendingSwitch write, SwitcherState state) implements SwitcherPhase {
        @Override
        public SwitcherPhase with(SwitcherState s) {
            return new AwaitingReload(write, s);
        }
    }
}
