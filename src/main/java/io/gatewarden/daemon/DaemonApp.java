package io.gatewarden.daemon;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

/** Keeps the daemon alive until SIGTERM/SIGINT; the work is started by {@link Daemon} on Quarkus start-up. */
public class DaemonApp implements QuarkusApplication {
    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return 0;
    }
}
