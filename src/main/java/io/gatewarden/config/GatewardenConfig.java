package io.gatewarden.config;

import java.nio.file.Path;

/**
 * The root of config/gatewarden.yaml. Every section is optional; a missing section means its defaults.
 * See config/gatewarden.yaml for every key with its default.
 */
public record GatewardenConfig(Path stateDir, HttpSettings http, GatewaySettings gateway) {
    public GatewardenConfig {
        stateDir = stateDir == null ? defaultStateDir() : stateDir;
        http = http == null ? HttpSettings.defaults() : http;
        gateway = gateway == null ? GatewaySettings.defaults() : gateway;
    }

    public static GatewardenConfig defaults() {
        return new GatewardenConfig(null, null, null);
    }

    /** Checks that span sections; single values are checked where they are bound. */
    GatewardenConfig validate(String source) throws ConfigException {
        return this;
    }

    private static Path defaultStateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("gatewarden");
    }
}
