package io.gatewarden.demo;

import java.time.Duration;

/**
 * Every wait of the demo, written for speed 1 (the story takes about a minute) and divided by {@code --speed}.
 * The gatewarden half ends up in the generated gatewarden.yaml; the simulator half paces the replay.
 *
 * <p>The order that makes the story work: the storm's last failed attempt on the primary comes before its breaker
 * goes half-open ({@link #breakerOpenWait} is longer than the replayed storm after the breaker opened), the
 * provider recovers before that too, so the first probe in half-open closes it; then {@link #failBackDwell}.
 */
record DemoTimings(double speed) {
    static final double MIN_SPEED = 0.25;
    static final double MAX_SPEED = 20;

    DemoTimings {
        if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("--speed must be between " + MIN_SPEED + " and " + MAX_SPEED + ", not " + speed);
        }
    }

    // ---- the simulated gateway
    /** Normal traffic before the storm (two runs answer on the primary; the chain lint reports meanwhile). */
    Duration calmBeforeStorm() { return s(6_000); }
    /** Longest pause between two replayed lines (the capture's retries wait up to 30 s). */
    Duration maxReplayGap() { return s(1_500); }
    /** From "config change detected" to "config hot reload applied" (0.2–0.9 s in the captures). */
    Duration reloadDelay() { return s(600); }
    /** A new user request every this long, on whatever primary the gateway has applied. */
    Duration trafficEvery() { return s(3_000); }
    /** After the chain-exhaustion replay, before the provider recovers. */
    Duration pauseBeforeRecovery() { return s(1_500); }
    /** Runs shown on the original primary after the fail-back. */
    Duration afterFailBack() { return s(6_500); }
    /** How long to wait for gatewarden's fail-back before the story gives up. */
    Duration failBackTimeout() { return atLeast(s(75_000), Duration.ofSeconds(20)); }
    /** How long to wait for the storm's incidents to resolve. */
    Duration resolveTimeout() { return atLeast(s(45_000), Duration.ofSeconds(15)); }

    // ---- gatewarden (gatewarden.yaml)
    Duration tailPollInterval() { return atLeast(s(200), Duration.ofMillis(100)); }
    Duration breakerOpenWait() { return s(18_000); }
    Duration breakerReopenWait() { return s(10_000); }
    Duration minTimeBetweenSwitches() { return s(15_000); }
    Duration failBackDwell() { return s(8_000); }
    Duration quietPeriod() { return s(12_000); }
    Duration groupWait() { return s(4_000); }
    Duration groupInterval() { return s(4_000); }
    Duration probeInterval() { return atLeast(s(2_000), Duration.ofMillis(500)); }
    /**
     * Open lint findings are re-reported this often, a quarter of the quiet period, so they stay open: a re-lint
     * (after each switch) postpones the next re-report by one interval.
     */
    Duration lintResignal() { return s(3_000); }

    private Duration s(long millisAtSpeed1) {
        return Duration.ofMillis(Math.max(1, Math.round(millisAtSpeed1 / speed)));
    }

    private static Duration atLeast(Duration d, Duration floor) {
        return d.compareTo(floor) < 0 ? floor : d;
    }
}
