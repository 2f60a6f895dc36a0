package io.gatewarden.alert;

import io.gatewarden.incident.Incident;

import java.util.List;

/**
 * What the rest of gatewarden knows that an alert should show: the actions taken (or suggested) for an incident
 * and the current model chain with breaker states. Called on the alert dispatcher thread when a notification is
 * built, so it must answer from memory, fast, without I/O. Both default to empty.
 */
public interface AlertContext {
    AlertContext NONE = new AlertContext() {};

    /** e.g. "switched primary to openai/gpt-5 at 10:02:13Z", "suggest: add a fallback on another provider". */
    default List<String> actionsFor(Incident incident) {
        return List.of();
    }

    default List<ChainRungView> chain() {
        return List.of();
    }
}
