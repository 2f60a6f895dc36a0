package io.gatewarden.lint;

import io.gatewarden.gateway.ProviderConfig;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How one agent reaches one provider: whether the gateway knows it, which credentials it would use and
 * whether its endpoint needs none.
 *
 * @param entry       the {@code models.providers} entry, or null
 * @param baseUrl     the endpoint (entry, legacy profile or the runtime's default), or null for hosted defaults
 * @param keyless     the endpoint is local, so OpenClaw needs no real key
 * @param credentials what it would authenticate with, in auth order
 */
record ProviderAccess(String provider, Status status, ProviderConfig entry, String baseUrl, boolean keyless,
                      List<Credential> credentials) {

    enum Status {
        /** A custom provider with its own {@code models.providers} entry. */
        CUSTOM,
        /** Bundled with OpenClaw (or a configured extra), usable once it has credentials. */
        KNOWN,
        /** A bundled local runtime that nobody opted in. */
        NOT_REGISTERED,
        /** A custom provider entry without a baseUrl. */
        MISSING_BASE_URL,
        /** Neither bundled nor configured. */
        UNKNOWN
    }

    /**
     * One credential.
     *
     * @param label    what to call it in a message: a profile id, {@code models.providers.x.apiKey}, an env var
     * @param identity what makes two credentials the same account (profile id, key fingerprint, env var)
     */
    record Credential(String label, String identity) {}

    ProviderAccess {
        credentials = List.copyOf(credentials);
    }

    boolean usable() {
        return status == Status.CUSTOM || status == Status.KNOWN;
    }

    boolean hasCredentials() {
        return !credentials.isEmpty();
    }

    /** The identity of the whole credential set: rungs with equal keys share every credential they have. */
    String credentialKey() {
        return credentials.stream().map(Credential::identity).sorted().distinct().collect(Collectors.joining("+"));
    }

    String credentialLabels() {
        return credentials.stream().map(Credential::label).distinct().collect(Collectors.joining(", "));
    }
}
