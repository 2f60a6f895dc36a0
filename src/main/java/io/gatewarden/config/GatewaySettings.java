package io.gatewarden.config;

import java.nio.file.Path;

/**
 * The gateway being watched.
 *
 * @param name               a label on every incident, alert and metric (one gatewarden may watch one gateway)
 * @param configFile         the gateway's openclaw.json (read for the chain, edited for primary switches)
 * @param authProfilesFile   legacy auth-profiles.json, when the install still has one
 */
public record GatewaySettings(String name, Path configFile, Path authProfilesFile) {
    public GatewaySettings {
        name = name == null || name.isBlank() ? "openclaw" : name;
        configFile = configFile == null ? Path.of(System.getProperty("user.home"), ".openclaw", "openclaw.json") : configFile;
    }

    public static GatewaySettings defaults() {
        return new GatewaySettings(null, null, null);
    }
}
