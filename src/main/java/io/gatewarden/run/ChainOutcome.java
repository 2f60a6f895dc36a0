package io.gatewarden.run;

/** How a run's fallback chain ended; a run that has not ended has none. */
public enum ChainOutcome {
    SUCCEEDED,
    /** Every rung failed or was skipped: "All models failed". */
    EXHAUSTED,
    /** The client stopped the run ("model fallback chain stopped"): not a provider failure. */
    ABORTED
}
