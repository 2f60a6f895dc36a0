package io.gatewarden.load;

import java.util.Locale;

/**
 * What kind of work made a provider call, told from the run's session key and, at DEBUG, the gateway's
 * "session turn created … trigger=heartbeat" line (see {@link SessionKinds}).
 */
public enum SourceKind {
    /** A heartbeat turn (trigger=heartbeat; the agent's main session by default). */
    HEARTBEAT(true),
    /** An automation (cron) job's run: session key {@code agent:<id>:cron:<jobId>[:run:<id>]}. */
    CRON(true),
    /** A person's message: a channel chat ({@code agent:<id>:telegram:direct:…}), the CLI/API ({@code explicit:}), the main session. */
    CHAT(false),
    /** A sub-agent spawned by a run: {@code agent:<id>:subagent:…}. */
    SUBAGENT(false),
    /** Anything else: hooks, ACP, a main-session turn an INFO log cannot place. */
    OTHER(true),
    /**
     * A request whose run the log had not named yet (at INFO a run's first failed request comes before any line with
     * its session): counted, but neither background nor foreground.
     */
    UNKNOWN(false);

    private final boolean background;

    SourceKind(boolean background) {
        this.background = background;
    }

    /** True when no person's message started it: heartbeats, cron jobs, hooks and other system work. */
    public boolean background() {
        return background;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
