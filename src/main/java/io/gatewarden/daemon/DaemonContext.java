package io.gatewarden.daemon;

import io.gatewarden.config.ConfigException;
import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Hands the config loaded by the CLI (before Quarkus boots) to the CDI world. Tests that boot Quarkus directly
 * set the system property {@code gatewarden.config} instead.
 *
 * <p>The one static holder the daemon keeps, on purpose: {@code Quarkus.run} creates {@link DaemonLifecycle} itself and
 * passes it nothing, so the command that parsed the config before the boot can only leave it here. Everything else
 * is built from that config by {@link DaemonBuilder}.
 */
public final class DaemonContext {
    private static volatile GatewardenConfig config;
    private static volatile Path configFile;
    private static volatile boolean fromStart;
    private static volatile Consumer<Daemon> onCreate;

    private DaemonContext() {}

    public static void set(GatewardenConfig cfg, Path file, boolean readFromStart) {
        config = cfg;
        configFile = file;
        fromStart = readFromStart;
    }

    public static synchronized GatewardenConfig config() throws ConfigException {
        if (config == null) {
            String prop = System.getProperty("gatewarden.config");
            if (prop != null && !prop.isBlank()) {
                configFile = Path.of(prop);
                config = ConfigLoader.load(configFile);
            } else {
                config = GatewardenConfig.defaults();
            }
            fromStart = Boolean.getBoolean("gatewarden.from-start");
        }
        return config;
    }

    /** Lets the command that boots Quarkus (the demo) see the daemon once it is built, before it starts. */
    public static void onCreate(Consumer<Daemon> hook) {
        onCreate = hook;
    }

    static void created(Daemon daemon) {
        Consumer<Daemon> hook = onCreate;
        if (hook != null) hook.accept(daemon);
    }

    public static Path configFile() { return configFile; }

    public static boolean fromStart() { return fromStart; }
}
