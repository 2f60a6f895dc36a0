package io.gatewarden.testsupport;

import io.gatewarden.breaker.BreakerRegistry;
import io.gatewarden.breaker.BreakerTransition;
import io.gatewarden.detect.DetectSettings;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.run.RequestOutcome;
import io.gatewarden.run.RunModel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Feeds events to a breaker registry the way the pipeline does: the run model settles which events are requests,
 * the registry hears every event (profile states) and every request.
 */
public final class BreakerFeed {
    private final BreakerRegistry registry;
    private final RunModel runs;

    public BreakerFeed(BreakerRegistry registry) {
        this.registry = registry;
        DetectSettings d = DetectSettings.defaults();
        this.runs = new RunModel(d.runAttributionWindow(), d.nearbyRunWindow(), d.maxTrackedRuns());
    }

    public BreakerFeed primary(Supplier<String> primary) {
        runs.setPrimary(primary);
        return this;
    }

    public RunModel runs() {
        return runs;
    }

    public List<BreakerTransition> accept(GatewayEvent e) {
        List<RequestOutcome> requests = runs.observe(e);
        List<BreakerTransition> out = new ArrayList<>(registry.onEvent(e));
        for (RequestOutcome r : requests) out.addAll(registry.onRequest(r));
        return out;
    }
}
