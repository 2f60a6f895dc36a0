package io.gatewarden.config;

import io.gatewarden.gateway.RateLimitDomains;

import java.nio.file.Path;
import java.util.Map;

/**
 * The gateway being watched.
 *
 * @param name               a label on every incident, alert and metric (one gatewarden may watch one gateway)
 * @param configFile         the gateway's openclaw.json (read for the chain, edited for primary switches)
 * @param authProfilesFile   legacy auth-profiles.json, when the install still has one
 * @param rateLimitDomains   provider id → per_key | per_model (plus {@code default}): which rungs one rate limit takes
 *                           down together ({@link io.gatewarden.gateway.RateLimitDomains}); read by the lint, the
 *                           switcher and the status page
 */
public record GatewaySettings(String name, Path configFile, Path authProfilesFile, Map<String, String> rateLimitDomains) {
    public GatewaySettings(String name, Path configFile, Path authProfilesFile) {
        this(name, configFile, authProfilesFile, null);
    }

    public GatewaySettings {
        rateLimitDomains = rateLimitDomains == null ? Map.of() : Map.copyOf(rateLimitDomains);
        new RateLimitDomains(rateLimitDomains); // rejects a bad scope with its key
        name = name == null || name.isBlank() ? "openclaw" : name;
        configFile = configFile == null ? Path.of(System.getProperty("user.home"), ".openclaw", "openclaw.json") : configFile;
    }

    public static GatewaySettings defaults() {
        return new GatewaySettings(null, null, null, null);
    }

    /** The one rate-limit-domain definition these settings give. */
    public RateLimitDomains domains() {
        return new RateLimitDomains(rateLimitDomains);
    }
}
