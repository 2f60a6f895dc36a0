package io.gatewarden.metrics;

import io.gatewarden.daemon.DaemonLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Puts {@link GatewardenMeters} on Quarkus's registry (/q/metrics) and keeps its label sets current. */
@Startup
@ApplicationScoped
public class MetricsBinding {
    @Inject MeterRegistry registry;
    @Inject DaemonLifecycle lifecycle;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    private volatile GatewardenMeters meters;

    @PostConstruct
    void init() {
        GatewardenMeters m = new GatewardenMeters(registry, version);
        meters = m;
        lifecycle.addListener(m);
    }

    /** New breakers, files and probe targets appear within this period; values are always read live. */
    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sync() {
        GatewardenMeters m = meters;
        if (m != null) m.sync();
    }

    public GatewardenMeters meters() {
        return meters;
    }
}
