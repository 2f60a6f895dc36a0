package io.gatewarden.gateway;

/**
 * One auth profile: metadata from {@code auth.profiles} in openclaw.json (the secret itself lives in the
 * gateway's SQLite store) or an entry of a legacy auth-profiles.json (which may hold the key).
 *
 * @param id         e.g. {@code anthropic:default}
 * @param provider   the provider id it authenticates
 * @param mode       {@code api_key}, {@code oauth}, {@code token}, ... (null when not written)
 * @param credential the key's fingerprint when the file holds one, else null
 * @param baseUrl    legacy files sometimes carry an endpoint (noise to the gateway, but it shows intent)
 * @param source     where the profile was read, for messages
 */
public record AuthProfile(String id, String provider, String mode, CredentialRef credential, String baseUrl, String source) {
    /** {@link #source()} of profiles read from openclaw.json's {@code auth.profiles}. */
    public static final String CONFIG_SOURCE = "auth.profiles";

    /** Read from openclaw.json (metadata for a secret held in the gateway's own store). */
    public boolean fromConfig() {
        return CONFIG_SOURCE.equals(source);
    }

    /** The provider part of a profile id ({@code anthropic:default} gives {@code anthropic}). */
    public static String providerOf(String profileId) {
        int colon = profileId.indexOf(':');
        return colon > 0 ? profileId.substring(0, colon) : profileId;
    }

    public boolean hasCredential() {
        return credential != null;
    }

    /**
     * Whether the gateway can authenticate with it: config profiles are metadata for a secret in the gateway's store,
     * so they do; a legacy entry only when it holds a key (one with just a baseUrl registers the provider, no more).
     */
    public boolean authenticates() {
        return fromConfig() || hasCredential();
    }
}
