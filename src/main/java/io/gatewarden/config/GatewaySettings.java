package io.gatewarden.config;

import java.nio.file.Path;

/**
 * The gateway being watched.
 *
 * @param name               a label on every incident, alert and metric (one gatewarden may watch one gateway)
 * @param configFile         the gateway's openclaw.json (read for the chain, edited for primary switches)
 * @param authProfilesFile   legacy auth-profiles.json, when the install still has one
 * @param logFormat          "openclaw" (tslog JSON) or "json" (generic JSON lines, e.g. LiteLLM)
 */
public record GatewaySettings(String name, Path configFile, Path authProfilesFile, String logFormat) {
    public GatewaySettings {
        name = name == null || name.isBlank() ? "openclaw" : name;
        configFile = configFile == null ? Path.of(System.getProperty("user.home"), ".openclaw", "openclaw.json") : configFile;
        logFormat = logFormat == null ? "openclaw" : logFormat;
        if (!logFormat.equals("openclaw") && !logFormat.equals("json")) {
            throw new IllegalArgumentException("log_format must be 'openclaw' or 'json', not '" + logFormat + "'");
        }
    }

    public static GatewaySettings defaults() {
        return new GatewaySettings(null, null, null, null);
    }
}
