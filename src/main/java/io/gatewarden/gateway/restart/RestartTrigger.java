package io.gatewarden.gateway.restart;

/** Why a restart was asked for. */
public enum RestartTrigger {
    /** /healthz failed failures_before_down times in a row. */
    GATEWAY_DOWN("down"),
    /** The process named by the pidfile or process name is gone. */
    PROCESS_GONE("process_gone"),
    /** A crash line ("[openclaw] OpenClaw hit an unexpected runtime error."). */
    GATEWAY_CRASHED("crashed"),
    /** An incident marked for restart is still open after a primary switch. */
    INCIDENT_PERSISTS("incident"),
    /** A human asked (API/CLI); not subject to the triggers list, still subject to budget and guards. */
    MANUAL(null);

    private final String configName;

    RestartTrigger(String configName) {
        this.configName = configName;
    }

    /** The name used in restart.triggers, or null when the trigger cannot be switched off. */
    public String configName() {
        return configName;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
