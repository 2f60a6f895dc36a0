package io.gatewarden.probe;

import io.gatewarden.incident.IncidentSink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs each target on its own interval with jitter. Time-driven by {@link #tick()}: call it often (every second
 * from the daemon's scheduler); it probes the targets that are due, one after the other,
 * and hands each result to every listener. A target's first round is due at once.
 */
public final class ProbeRunner {
    private static final System.Logger LOG = System.getLogger(ProbeRunner.class.getName());

    private final Prober prober;
    private final Clock clock;
    private final Random random;
    private final double jitter;
    private final Map<String, ProbeTarget> targets = new LinkedHashMap<>();
    private final Map<String, Instant> nextDue = new LinkedHashMap<>();
    private final Map<String, ProbeResult> last = new LinkedHashMap<>();
    private final List<ProbeListener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> warnedNoCredential = new java.util.HashSet<>();

    /**
     * @param jitter each wait is interval × (1 ± jitter)
     * @param random source of jitter (seeded in tests)
     */
    public ProbeRunner(List<ProbeTarget> targets, Prober prober, Clock clock, Random random, double jitter) {
        this.prober = prober;
        this.clock = clock;
        this.random = random;
        this.jitter = jitter;
        Instant now = clock.instant();
        for (ProbeTarget t : targets) {
            this.targets.put(t.name(), t);
            nextDue.put(t.name(), now);
        }
    }

    /**
     * The usual wiring: targets from the settings, a {@link ProbeHealthTracker} feeding {@code sink}
     * (provider_unhealthy, gateway_down), then the extra listeners (breakers, quota-burn detector).
     */
    public static ProbeRunner create(ProbeSettings settings, ProbeHttp http, Clock clock, IncidentSink sink,
                                     ProbeListener... extra) {
        ProbeRunner r = new ProbeRunner(settings.targets(), new Prober(http, clock, System::getenv), clock,
                new Random(), settings.jitter());
        r.addListener(new ProbeHealthTracker(sink, settings));
        for (ProbeListener l : extra) r.addListener(l);
        return r;
    }

    public void addListener(ProbeListener listener) {
        listeners.add(listener);
    }

    /** Probes every due target now; returns their results (empty when none was due). */
    public synchronized List<ProbeResult> tick() {
        Instant now = clock.instant();
        List<ProbeResult> out = new ArrayList<>();
        for (ProbeTarget t : targets.values()) {
            if (!nextDue.get(t.name()).isAfter(now)) out.add(runOne(t));
        }
        return out;
    }

    /** Probes every target now, whatever its schedule (the CLI's one-shot check). */
    public synchronized List<ProbeResult> runAll() {
        List<ProbeResult> out = new ArrayList<>();
        for (ProbeTarget t : targets.values()) out.add(runOne(t));
        return out;
    }

    public synchronized Instant nextDue(String target) {
        return nextDue.get(target);
    }

    /** The latest result per target (for a status page). */
    public synchronized Map<String, ProbeResult> lastResults() {
        return Map.copyOf(last);
    }

    public synchronized List<ProbeTarget> targets() {
        return List.copyOf(targets.values());
    }

    private ProbeResult runOne(ProbeTarget t) {
        ProbeResult r = prober.probe(t);
        last.put(t.name(), r);
        nextDue.put(t.name(), clock.instant().plus(jittered(t.interval())));
        if (r.failure() == FailureKind.NO_CREDENTIAL) {
            // gatewarden's own config is wrong: say so once, loudly, instead of every round
            if (warnedNoCredential.add(t.name())) {
                LOG.log(System.Logger.Level.WARNING, "probe " + t.name() + " skipped: " + r.detail());
            }
        } else if (!r.ok()) {
            LOG.log(System.Logger.Level.DEBUG, "probe " + t.name() + " failed: " + r.failure() + " " + r.detail());
        } else {
            warnedNoCredential.remove(t.name());
        }
        for (ProbeListener l : listeners) {
            try {
                l.onProbeResult(r);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "probe listener " + l.getClass().getSimpleName() + " failed: " + e);
            }
        }
        return r;
    }

    Duration jittered(Duration interval) {
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(interval.toMillis() * factor)));
    }
}
