package io.gatewarden.probe;

import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns probe results into incidents: after {@code unhealthyAfter} consecutive failures a provider target opens
 * {@code provider_unhealthy} (warning) and a gateway target opens {@code gateway_down} (critical); every further
 * failing round extends it; {@code healthyAfter} consecutive successes resolve it. A missing key in gatewarden's
 * own config ({@link FailureKind#NO_CREDENTIAL}) is neither: it says nothing about the provider.
 * State is one small entry per configured target (the map is bounded by the configuration).
 */
public final class ProbeHealthTracker implements ProbeListener {
    private final IncidentSink sink;
    private final int unhealthyAfter;
    private final int gatewayDownAfter;
    private final int healthyAfter;
    private final Map<String, State> states = new HashMap<>();

    public ProbeHealthTracker(IncidentSink sink, int unhealthyAfter, int gatewayDownAfter, int healthyAfter) {
        this.sink = sink;
        this.unhealthyAfter = Math.max(1, unhealthyAfter);
        this.gatewayDownAfter = Math.max(1, gatewayDownAfter);
        this.healthyAfter = Math.max(1, healthyAfter);
    }

    public ProbeHealthTracker(IncidentSink sink, ProbeSettings settings) {
        this(sink, settings.unhealthyAfter(), settings.gateway().downAfter(), settings.healthyAfter());
    }

    @Override
    public synchronized void onProbeResult(ProbeResult r) {
        if (r.failure() == FailureKind.NO_CREDENTIAL) return;
        State s = states.computeIfAbsent(r.target(), k -> new State());
        if (r.ok()) {
            s.failures = 0;
            s.successes++;
            if (s.open && s.successes >= healthyAfter) {
                s.open = false;
                sink.resolve(type(r), labels(r), r.at(), r.target() + " answers again (" + r.detail() + ")");
            }
            return;
        }
        s.successes = 0;
        s.failures++;
        int threshold = r.isGateway() ? gatewayDownAfter : unhealthyAfter;
        if (s.failures >= threshold) {
            s.open = true;
            sink.signal(new Signal(type(r), r.isGateway() ? Severity.CRITICAL : Severity.WARNING, labels(r),
                    r.target() + "@" + r.at(), summary(r, s.failures), evidence(r), r.at()));
        }
    }

    /** True while an incident for this target is open (as far as this tracker knows). */
    public synchronized boolean isUnhealthy(String target) {
        State s = states.get(target);
        return s != null && s.open;
    }

    private static IncidentType type(ProbeResult r) {
        return r.isGateway() ? IncidentType.GATEWAY_DOWN : IncidentType.PROVIDER_UNHEALTHY;
    }

    static Map<String, String> labels(ProbeResult r) {
        if (r.isGateway()) return Labels.of("component", "gateway", "target", r.target());
        return Labels.of("provider", r.provider(), "profile", r.profile(), "target", r.target());
    }

    private static String summary(ProbeResult r, int failures) {
        String what = switch (r.failure()) {
            case TIMEOUT -> "does not answer (timeout)";
            case CONNECTION_REFUSED -> "refuses connections";
            case CONNECTION_ERROR -> "cannot be reached";
            case AUTH -> "rejects the key (" + r.status() + ")";
            case RATE_LIMITED -> "is rate limiting (429)";
            case SERVER_ERROR -> "answers with server errors (" + r.status() + ")";
            case CLIENT_ERROR -> "answers " + r.status();
            case GARBAGE_BODY -> "answers with an unexpected body";
            default -> "fails";
        };
        String who = r.isGateway() ? "gateway (" + r.target() + ")" : "provider " + r.provider()
                + (r.credential() != null ? " [" + r.credential() + "]" : "");
        return who + " " + what + " for " + failures + " probe" + (failures == 1 ? "" : "s") + " in a row";
    }

    private static String evidence(ProbeResult r) {
        return (r.url() == null ? "" : "GET " + r.url() + " -> ")
                + (r.status() == 0 ? r.failure().name().toLowerCase() : String.valueOf(r.status()))
                + " in " + r.latency().toMillis() + " ms" + (r.detail() == null ? "" : ": " + r.detail());
    }

    private static final class State {
        int failures;
        int successes;
        boolean open;
    }
}
