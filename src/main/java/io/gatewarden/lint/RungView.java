package io.gatewarden.lint;

import java.util.List;

/**
 * What the lint concluded about one rung (for reports).
 *
 * @param rungClass   local, free or paid; null when the ref cannot be resolved to a provider
 * @param provider    how the gateway knows the provider: custom, known, not_registered, missing_base_url, unknown
 * @param credentials labels of the credentials it would use (profile ids, {@code models.providers.x.apiKey}, env vars)
 * @param keyless     its endpoint is local, so it needs no key
 */
public record RungView(Rung rung, RungClass rungClass, String provider, List<String> credentials, boolean keyless) {
    public RungView {
        credentials = List.copyOf(credentials);
    }
}
