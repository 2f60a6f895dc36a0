package io.gatewarden.run;

/** Why a rung never reached the network. */
public enum SkipKind {
    /** Its auth profile was cooling down or disabled (maybe because of another model's failure). */
    COOLDOWN("cooldown"),
    /** No API key for its provider: the gateway failed it before sending anything (a synthetic 401). */
    NO_CREDENTIALS("no_credentials"),
    /** A model the gateway does not know. */
    UNKNOWN_MODEL("unknown_model");

    private final String label;

    SkipKind(String label) {
        this.label = label;
    }

    /** The incident label value. */
    public String label() {
        return label;
    }
}
