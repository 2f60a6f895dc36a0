package io.gatewarden.act;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatewarden.state.StateFile;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What the spend guard must remember across a restart of gatewarden ({@code <state dir>/spend-guard.json}): the chains
 * it rewrote with their original fallbacks (what a restore writes back), why, and today's paid-call counts.
 *
 * @param edits      the fallbacks gatewarden wrote, with the originals; null or empty when the guard is idle
 * @param why        the reason of the guard's write, for the status page
 * @param trigger    {@code episode} or {@code budget}
 * @param since      when the guard's write was made
 * @param incidentId the episode that triggered it, when one did
 * @param budget     today's paid calls per credential
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpendState(List<SpendPlan.ChainEdit> edits, String why, String trigger, Instant since, String incidentId,
                         PaidCallBudget.Saved budget) {

    public static SpendState idle(PaidCallBudget.Saved budget) {
        return new SpendState(null, null, null, null, null, budget);
    }

    @JsonIgnore
    public boolean active() {
        return edits != null && !edits.isEmpty();
    }

    SpendState withBudget(PaidCallBudget.Saved b) {
        return new SpendState(edits, why, trigger, since, incidentId, b);
    }

    /** Lenient (see {@link StateFile}): a missing or broken state file starts idle; it never stops the daemon. Null path: idle. */
    static SpendState load(Path file) {
        if (file == null) return idle(null);
        return stateFile(file).read().orElseGet(() -> idle(null));
    }

    /** Atomic; a failure is logged and the state stays in memory. Null path: nothing. */
    static void save(Path file, SpendState state) {
        if (file != null) stateFile(file).writeOrWarn(state);
    }

    private static StateFile<SpendState> stateFile(Path file) {
        return new StateFile<>(file, SpendState.class, "spend guard state", Clock.systemUTC());
    }
}
