package io.gatewarden.lint;

import java.util.Locale;

/** Every kind of finding; the wire name (lower case) is what JSON output and incident labels carry. */
public enum FindingCode {
    /** The rung's provider has no auth profile, no apiKey and no keyless local endpoint. */
    NO_CREDENTIALS(LintSeverity.ERROR),
    /** A bundled provider that needs opting in (Ollama, vLLM, ...) has no provider entry, profile or key. */
    PROVIDER_NOT_REGISTERED(LintSeverity.ERROR),
    /** Not a bundled provider, not in {@code models.providers}, not a known extra. */
    UNKNOWN_PROVIDER(LintSeverity.ERROR),
    /** The provider lists its models and this one is not among them. */
    UNKNOWN_MODEL(LintSeverity.ERROR),
    /** Several rungs authenticate with one credential: one rate limit takes them all. */
    SHARED_CREDENTIAL(LintSeverity.WARNING),
    /** The primary appears again among the fallbacks. */
    PRIMARY_REPEATED(LintSeverity.WARNING),
    /** The same fallback appears twice. */
    DUPLICATE_RUNG(LintSeverity.WARNING),
    /** No local rung (or, when a local rung is not required, no local and no free rung). */
    NO_LOCAL_RUNG(LintSeverity.WARNING),
    /** A more expensive class of rung comes before a cheaper one (order policy). */
    ORDER_POLICY(LintSeverity.WARNING),
    /** The chain has a single rung. */
    NO_FALLBACKS(LintSeverity.WARNING),
    /** The fallbacks are set but the primary is not. */
    NO_PRIMARY(LintSeverity.WARNING),
    /** A ref without {@code provider/} that is neither an alias nor a unique configured model. */
    BARE_MODEL_REF(LintSeverity.WARNING),
    /** No model is configured anywhere: the gateway runs on its built-in default. */
    NO_MODEL_CONFIGURED(LintSeverity.INFO),
    /** A legacy auth-profiles.json was read: newer gateways only import it with {@code openclaw doctor --fix}. */
    LEGACY_AUTH_PROFILES(LintSeverity.INFO),
    /** Several AI schedules (heartbeats, cron jobs) fire in the same minute on one rate-limit domain. */
    SCHEDULE_COLLISION(LintSeverity.WARNING),
    /** The config cannot be read (only raised at run time, as an incident). */
    CONFIG_INVALID(LintSeverity.ERROR);

    private final LintSeverity severity;

    FindingCode(LintSeverity severity) {
        this.severity = severity;
    }

    public LintSeverity severity() {
        return severity;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
