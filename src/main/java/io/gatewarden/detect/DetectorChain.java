package io.gatewarden.detect;

import io.gatewarden.run.RunModel;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.run.RequestOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every enabled detector on each event and tick. Each detector is isolated: one that throws is counted and
 * logged (the first failure, then every 1000th) and the others still run; the pipeline never stops for a bug in a rule.
 * Feeds the shared {@link RunModel} first, so detectors see what the line taught about its run; then hands each
 * provider request the model settled from the line to every detector's {@link Detector#onRequest}, and keeps them for
 * the pipeline's other request consumers ({@link #lastRequests()}).
 * Not thread-safe: one detection thread calls it.
 */
public final class DetectorChain implements Detector {
    private static final System.Logger LOG = System.getLogger(DetectorChain.class.getName());

    private final RunModel runs;
    private final List<Entry> detectors;
    private long events;
    private List<RequestOutcome> lastRequests = List.of();

    private static final class Entry {
        final String name;
        final Detector detector;
        long failures;

        Entry(String name, Detector detector) {
            this.name = name;
            this.detector = detector;
        }
    }

    /** @param detectors by name (the incident type they raise, or any label for metrics), in the order they run */
    public DetectorChain(RunModel runs, Map<String, Detector> detectors) {
        this.runs = runs;
        List<Entry> list = new ArrayList<>(detectors.size());
        detectors.forEach((n, d) -> list.add(new Entry(n, d)));
        this.detectors = List.copyOf(list);
    }

    /** Every detector the settings enable, sharing one {@link RunModel}. */
    public static DetectorChain standard(DetectSettings s) {
        return standard(s, Map.of());
    }

    /** The standard detectors, then {@code extra}. */
    public static DetectorChain standard(DetectSettings s, Map<String, Detector> extra) {
        return standard(s, runs -> extra);
    }

    /** The standard detectors, then those {@code extra} builds on the chain's run model (context pressure, quota burn). */
    public static DetectorChain standard(DetectSettings s, java.util.function.Function<RunModel, Map<String, Detector>> extra) {
        RunModel runs = runModel(s);
        Map<String, Detector> d = new LinkedHashMap<>();
        if (s.errorLoop().enabled()) d.put("error_loop", new ErrorLoopDetector(s, runs));
        if (s.errorLoop().enabled() && s.errorLoop().session().enabled()) d.put("error_loop_session", new SessionErrorLoopDetector(s, runs));
        if (s.chainExhausted().enabled()) d.put("chain_exhausted", new ChainExhaustedDetector(s, runs));
        if (s.fallbackSkipped().enabled()) d.put("fallback_skipped", new FallbackSkippedDetector(runs));
        if (s.providerRateLimited().enabled()) d.put("provider_rate_limited", ProviderFailureDetector.rateLimited(s, runs));
        if (s.providerOverloaded().enabled()) d.put("provider_overloaded", ProviderFailureDetector.overloaded(s, runs));
        if (s.quotaExhausted().enabled()) d.put("quota_exhausted", new QuotaExhaustedDetector(s, runs));
        if (s.contextOverflow().enabled()) d.put("context_overflow", new ContextOverflowDetector(s, runs));
        if (s.requestRejected().enabled()) d.put("request_rejected", new RequestRejectedDetector(s, runs));
        if (s.configReloadFailed().enabled()) d.put("config_reload_failed", new ConfigReloadDetector(runs));
        if (s.gateway().enabled()) d.put("gateway", new GatewayLifecycleDetector(s, runs));
        d.putAll(extra.apply(runs));
        return new DetectorChain(runs, d);
    }

    /** The run model alone, no detector: the request stream for readers that raise no incident (`gatewarden load`). */
    public static DetectorChain runsOnly(DetectSettings s) {
        return new DetectorChain(runModel(s), Map.of());
    }

    private static RunModel runModel(DetectSettings s) {
        return new RunModel(s.runAttributionWindow(), s.nearbyRunWindow(), s.maxTrackedRuns(),
                s.chainExhausted().maxRungsPerRun());
    }

    @Override
    public void onEvent(GatewayEvent event, IncidentSink sink) {
        if (event == null || event.type() == null || event.type() == EventType.MALFORMED) return;
        events++;
        List<RequestOutcome> requests;
        try {
            requests = runs.observe(event);
        } catch (RuntimeException e) {
            requests = List.of();
            LOG.log(System.Logger.Level.WARNING, "run model failed on a " + event.type() + " line", e);
        }
        lastRequests = requests;
        for (Entry d : detectors) {
            try {
                d.detector.onEvent(event, sink);
                // indexed: most events settle no request, and an iterator per detector per line showed in profiles
                for (int i = 0, n = requests.size(); i < n; i++) d.detector.onRequest(requests.get(i), sink);
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                failed(d, "a " + event.type() + " line", e);
            }
        }
    }

    /** The provider requests the last event settled (usually none); valid until the next {@link #onEvent}. */
    public List<RequestOutcome> lastRequests() {
        return lastRequests;
    }

    @Override
    public void onTick(Instant now, IncidentSink sink) {
        for (Entry d : detectors) {
            try {
                d.detector.onTick(now, sink);
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                failed(d, "a tick", e);
            }
        }
    }

    private void failed(Entry d, String what, Throwable e) {
        d.failures++;
        if (d.failures == 1 || d.failures % 1000 == 0) {
            LOG.log(System.Logger.Level.ERROR, "detector " + d.name + " failed on " + what + " (" + d.failures
                    + " failures so far); the other detectors go on", e);
        }
    }

    /** Failures per detector name, for metrics. */
    public Map<String, Long> failures() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Entry d : detectors) m.put(d.name, d.failures);
        return m;
    }

    public long totalFailures() {
        long n = 0;
        for (Entry d : detectors) n += d.failures;
        return n;
    }

    public long events() {
        return events;
    }

    public List<String> names() {
        return detectors.stream().map(d -> d.name).toList();
    }

    /** The detector registered under a name (for tests and metrics), or null. */
    public Detector detector(String name) {
        for (Entry d : detectors) if (d.name.equals(name)) return d.detector;
        return null;
    }

    public RunModel runModel() {
        return runs;
    }
}
