package io.gatewarden.act;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What the switcher must remember across a restart of gatewarden (state dir, {@code switcher.json}).
 *
 * @param originalPrimary   the primary before our first switch of this episode: what fail-back returns to
 * @param originalFallbacks the fallbacks before that switch (restored on fail-back if we reordered them)
 * @param switchedTo        the primary we wrote; null when no switch is active
 * @param writtenFallbacks  the fallbacks we wrote (reorder option), null when we did not touch them
 * @param pinned            a model an operator pinned as primary: no automatic change while set
 * @param failedBackAt      when gatewarden last failed back (null: not recently); a new failure of that primary within
 *                          the dwell doubles the next dwell
 * @param dwell             the fail-back dwell in force (null: {@code fail_back_dwell}); doubled after a fail-back
 *                          that did not hold, back to the setting once a fail-back held for a whole dwell
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SwitcherState(String originalPrimary, List<String> originalFallbacks, String switchedTo,
                            List<String> writtenFallbacks, Instant switchedAt, String incidentId,
                            String pinned, Instant pinnedAt, String pinReason, Instant failedBackAt,
                            java.time.Duration dwell) {

    public SwitcherState(String originalPrimary, List<String> originalFallbacks, String switchedTo,
                         List<String> writtenFallbacks, Instant switchedAt, String incidentId,
                         String pinned, Instant pinnedAt, String pinReason) {
        this(originalPrimary, originalFallbacks, switchedTo, writtenFallbacks, switchedAt, incidentId, pinned, pinnedAt,
                pinReason, null, null);
    }

    public static SwitcherState empty() {
        return new SwitcherState(null, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean switched() {
        return switchedTo != null;
    }

    SwitcherState withSwitch(String original, List<String> origFallbacks, String to, List<String> written, Instant at, String incident) {
        return new SwitcherState(original, origFallbacks, to, written, at, incident, pinned, pinnedAt, pinReason, failedBackAt, dwell);
    }

    SwitcherState withoutSwitch() {
        return new SwitcherState(null, null, null, null, null, null, pinned, pinnedAt, pinReason, failedBackAt, dwell);
    }

    SwitcherState withPin(String model, Instant at, String reason) {
        return new SwitcherState(originalPrimary, originalFallbacks, switchedTo, writtenFallbacks, switchedAt, incidentId, model, at,
                reason, failedBackAt, dwell);
    }

    SwitcherState withFailBack(Instant at, java.time.Duration dwellInForce) {
        return new SwitcherState(originalPrimary, originalFallbacks, switchedTo, writtenFallbacks, switchedAt, incidentId, pinned,
                pinnedAt, pinReason, at, dwellInForce);
    }
}
