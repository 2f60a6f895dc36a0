package io.gatewarden.incident;

import java.util.Locale;

/** Every kind of incident gatewarden can open; the wire name is the lower-case enum name. */
public enum IncidentType {
    ERROR_LOOP,
    CHAIN_EXHAUSTED,
    FALLBACK_SKIPPED,
    PROVIDER_RATE_LIMITED,
    PROVIDER_OVERLOADED,
    QUOTA_EXHAUSTED,
    QUOTA_BURN,
    /** A credential's daily paid-call budget ({@code act.spend_guard.budget}) is nearly or wholly spent. */
    PAID_BUDGET,
    CONTEXT_PRESSURE,
    CONTEXT_OVERFLOW,
    REQUEST_REJECTED,
    CONFIG_RELOAD_FAILED,
    CHAIN_MISCONFIGURED,
    GATEWAY_DOWN,
    GATEWAY_CRASHED,
    GATEWAY_RESTARTED,
    GATEWAY_RESTART_LOOP,
    PROVIDER_UNHEALTHY,
    /** gatewarden's own state dir takes no writes (full, read-only): it keeps detecting but cannot persist. */
    STATE_UNWRITABLE,
    /** A session action (compact, quarantine) failed or changed nothing: the summary names the command to run by hand. */
    SESSION_ACTION_FAILED;

    /** Computed once: it is part of every incident key, on the hot path of every signal. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static IncidentType fromWireName(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
