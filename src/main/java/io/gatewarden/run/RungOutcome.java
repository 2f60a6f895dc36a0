package io.gatewarden.run;

/** What happened at one rung of a run's fallback chain. */
public enum RungOutcome {
    /** The gateway sent the rung's model at least one request and it failed. */
    FAILED,
    /** The gateway never sent the rung a request (see {@link SkipKind}); never a failure of that model. */
    SKIPPED,
    /** The rung answered. */
    SUCCEEDED
}
