package io.gatewarden.act;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.gatewarden.config.ConfigMapper;
import io.gatewarden.state.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Lenient: a missing or broken state file starts idle (logged); it never stops the daemon. Null path: idle. */
    static SpendState load(Path file) {
        if (file == null || !Files.exists(file)) return idle(null);
        try {
            SpendState s = ConfigMapper.json().readValue(file.toFile(), SpendState.class);
            return s == null ? idle(null) : s;
        } catch (IOException | RuntimeException e) {
            System.getLogger(SpendState.class.getName()).log(System.Logger.Level.WARNING,
                    "spend guard state " + file + " unreadable (" + e.getMessage() + "); starting idle");
            return idle(null);
        }
    }

    /** Atomic (temp file, fsync, rename); a failure is logged and the state stays in memory. Null path: nothing. */
    static void save(Path file, SpendState state) {
        if (file == null) return;
        try {
            AtomicFiles.write(file, ConfigMapper.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        } catch (IOException e) {
            System.getLogger(SpendState.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot save spend guard state to " + file + ": " + e.getMessage());
        }
    }
}
