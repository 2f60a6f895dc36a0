package io.gatewarden.breaker;

import java.util.Locale;
import java.util.Set;

/**
 * How wide the failure that opened a breaker is, which decides what evidence may settle its half-open trial.
 *
 * <ul>
 *   <li>{@link #MODEL}: rate limit, overload, model errors. Only evidence about that very model (an observed success
 *       of it, a model probe) settles it: a provider's models list answers 200 while one model answers 429.</li>
 *   <li>{@link #CREDENTIAL}: auth, billing. The whole key is refused; a models-list probe with that key may settle it.</li>
 *   <li>{@link #PROVIDER}: the provider is unreachable (timeout, network). A models-list probe may settle it.</li>
 * </ul>
 */
public enum FailureScope {
    MODEL, CREDENTIAL, PROVIDER;

    private static final Set<String> CREDENTIAL_REASONS = Set.of("auth", "billing", "auth_permanent", "quota");
    private static final Set<String> PROVIDER_REASONS = Set.of("timeout", "network", "unreachable", "connection", "connection_error");

    /** The scope of one of the gateway's failure reasons; unknown reasons are model-level (the narrowest claim). */
    public static FailureScope of(String reason) {
        if (reason == null) return MODEL;
        String r = reason.trim().toLowerCase(Locale.ROOT);
        if (CREDENTIAL_REASONS.contains(r)) return CREDENTIAL;
        if (PROVIDER_REASONS.contains(r)) return PROVIDER;
        return MODEL;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
