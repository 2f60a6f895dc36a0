package io.gatewarden.breaker;

/**
 * What a breaker guards: one auth profile (credential) used with one model. Never a profile alone: one model's
 * rate limit must not block a healthy sibling model on the same key.
 *
 * @param profile  the auth profile id in the gateway's terms, e.g. {@code anthropic:default}; a hashed id
 *                 ({@code sha256:3b94924e0061}) when the config does not tell us which profile it is
 * @param modelRef {@code provider/model}, e.g. {@code anthropic/claude-opus-4-5}
 */
public record BreakerKey(String profile, String modelRef) {
    public BreakerKey {
        if (profile == null || profile.isBlank()) throw new IllegalArgumentException("breaker profile is missing");
        if (modelRef == null || !modelRef.contains("/")) throw new IllegalArgumentException("breaker model must be provider/model: " + modelRef);
    }

    public static BreakerKey of(String profile, String provider, String model) {
        return new BreakerKey(profile, provider + "/" + model);
    }

    public String provider() {
        return modelRef.substring(0, modelRef.indexOf('/'));
    }

    public String model() {
        return modelRef.substring(modelRef.indexOf('/') + 1);
    }

    @Override
    public String toString() {
        return profile + "|" + modelRef;
    }
}
