package io.gatewarden.detect;

import java.time.Instant;

/** One distinct run seen with a looping error (the error-loop detectors count runs, never lines). */
final class RunHit {
    final String run;
    Instant at;
    String evidence;
    /** Whether this run has been signalled as part of the loop's incident. */
    boolean signalled;

    RunHit(String run, Instant at, String evidence) {
        this.run = run;
        this.at = at;
        this.evidence = evidence;
    }
}
