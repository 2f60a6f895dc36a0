package io.gatewarden.gateway.restart;

import java.time.Duration;
import java.time.Instant;

/**
 * One restart decision, taken or declined, as it goes to the action journal.
 *
 * @param at       when it was decided (gatewarden's clock)
 * @param gateway  the gateway's name
 * @param trigger  why a restart was asked for
 * @param outcome  what gatewarden did
 * @param strategy the configured strategy (systemd, signal, ...)
 * @param reason   one human line: the trigger's detail and, for a decline, why; never a secret
 * @param took     time from the decision to the gateway answering "started" (zero when nothing was done)
 */
public record RestartDecision(Instant at, String gateway, RestartTrigger trigger, Outcome outcome, String strategy,
                              String reason, Duration took) {

    public enum Outcome {
        /** The strategy ran and /startupz said "started" in time. */
        RESTARTED(true),
        /** The strategy failed, or the gateway did not come back within startup_timeout. */
        FAILED(true),
        /** Dry-run: a restart would have been done. */
        DRY_RUN(false),
        /** Another action on this gateway is in flight. */
        DECLINED_IN_FLIGHT(false),
        /** Too soon after the last restart. */
        DECLINED_COOLDOWN(false),
        /** The restart budget is used up; a human must reset it. */
        DECLINED_BUDGET(false),
        /** The trigger is switched off in restart.triggers, or the strategy is "none". */
        DECLINED_DISABLED(false),
        /** A crash line was seen but /healthz answers: the line came from a CLI process, or a supervisor already restarted the gateway. */
        NOT_NEEDED(false),
        /** Not a restart: a human reset the restart budget. */
        BUDGET_RESET(false);

        private final boolean acted;

        Outcome(boolean acted) {
            this.acted = acted;
        }

        /** True when gatewarden actually touched the gateway. */
        public boolean acted() {
            return acted;
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
