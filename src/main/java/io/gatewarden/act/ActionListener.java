package io.gatewarden.act;

/** Hears action outcomes. Called synchronously; keep it short. */
@FunctionalInterface
public interface ActionListener {
    void onOutcome(ActionOutcome outcome);
}
