package io.gatewarden.daemon;

import io.gatewarden.tail.TailStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** /q/health/live: the daemon runs. /q/health/ready: a log file is followed and the state dir takes writes. */
public final class DaemonHealth {
    private DaemonHealth() {}

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Inject DaemonLifecycle lifecycle;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("gatewarden").status(lifecycle.daemon().map(Daemon::started).orElse(false)).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        @Inject DaemonLifecycle lifecycle;

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("gatewarden");
            Daemon d = lifecycle.daemon().orElse(null);
            if (d == null) return b.down().withData("reason", "daemon not started").build();
            TailStats tail = d.tailer().stats();
            boolean tailing = !tail.files().isEmpty();
            String stateError = d.stateStore().lastError();
            return b.status(tailing && stateError == null)
                    .withData("tailed_files", tail.files().size())
                    .withData("tail_paths", String.join(",", d.config().tail().paths()))
                    .withData("state_dir", stateError == null ? "writable" : stateError)
                    .build();
        }
    }
}
