package io.gatewarden.collect;

import java.time.Instant;
import java.util.List;

/**
 * One collection of the gateway's own status. When a command failed, its part is marked unknown (never empty):
 * a consumer must not read "no sessions" into a failed {@code sessions} run.
 *
 * @param at               when the collection ran
 * @param state            overall outcome
 * @param profilesKnown    true when {@code models status --json} ran and parsed
 * @param unusableProfiles cooling-down or disabled profiles (empty when none or unknown)
 * @param sessionsKnown    true when {@code sessions --json} ran and parsed
 * @param sessions         sessions with their token use (empty when none or unknown)
 * @param problems         one line per failed command (empty when OK)
 */
public record GatewayStatus(Instant at, State state, boolean profilesKnown, List<UnusableProfile> unusableProfiles,
                            boolean sessionsKnown, List<SessionUsage> sessions, List<String> problems) {
    public GatewayStatus {
        unusableProfiles = List.copyOf(unusableProfiles);
        sessions = List.copyOf(sessions);
        problems = List.copyOf(problems);
    }

    public enum State {
        /** Both commands ran and parsed. */
        OK,
        /** One command failed (timeout, bad output, non-zero exit); the other part is valid. */
        PARTIAL,
        /** Both commands failed. */
        FAILED,
        /** The openclaw CLI is not installed here (or not on PATH): collection is skipped. */
        CLI_ABSENT
    }

    public static GatewayStatus absent(Instant at, String why) {
        return new GatewayStatus(at, State.CLI_ABSENT, false, List.of(), false, List.of(), List.of(why));
    }
}
