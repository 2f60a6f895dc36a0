package io.gatewarden.daemon;

import io.gatewarden.probe.ProbeSettings;
import io.gatewarden.probe.rest.QuarkusRestProbeHttp;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Starts the {@link Daemon} when Quarkus has booted and closes it (checkpoints, incidents, outbox) on shutdown. */
@ApplicationScoped
public class DaemonLifecycle {
    private static final Logger LOG = Logger.getLogger(DaemonLifecycle.class.getName());

    @ConfigProperty(name = "gatewarden.daemon.enabled", defaultValue = "true")
    boolean enabled;

    private volatile Daemon daemon;

    void onStart(@Observes StartupEvent ev) {
        if (!enabled) return;
        try {
            var cfg = DaemonContext.config();
            ProbeSettings p = cfg.probe();
            Daemon d = new Daemon(cfg, Clock.systemUTC(), DaemonContext.fromStart(),
                    new QuarkusRestProbeHttp(p.connectTimeout(), p.maxBodyBytes()));
            DaemonContext.created(d);
            d.start();
            daemon = d;
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "gatewarden cannot start: " + e.getMessage(), e);
            Quarkus.asyncExit(2);
        }
    }

    void onStop(@Observes ShutdownEvent ev) {
        Daemon d = daemon;
        if (d != null) d.close();
    }

    public Optional<Daemon> daemon() {
        return Optional.ofNullable(daemon);
    }
}
