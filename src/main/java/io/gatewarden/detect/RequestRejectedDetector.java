package io.gatewarden.detect;

import io.gatewarden.run.Run;
import io.gatewarden.run.RunModel;
import io.gatewarden.incident.IncidentSink;
import io.gatewarden.incident.IncidentType;
import io.gatewarden.incident.Labels;
import io.gatewarden.incident.Severity;
import io.gatewarden.incident.Signal;
import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * request_rejected (warning): a provider refused the shape of a request (reason format, e.g. a tool_use_id mismatch).
 * Retrying will not help; the session or the gateway's request building is at fault. Labels: provider, model; a line
 * that names no model (a lane error) takes the model its run is on. One occurrence per rejected run.
 */
public final class RequestRejectedDetector implements Detector {
    private static final Set<EventType> BY_REASON = EnumSet.of(EventType.RUN_ATTEMPT_FAILED, EventType.RUN_FAILOVER_DECISION,
            EventType.FALLBACK_CANDIDATE_FAILED, EventType.CHAIN_EXHAUSTED);

    private final DetectSettings.RequestRejected settings;
    private final RunModel runs;

    public RequestRejectedDetector(DetectSettings s, RunModel runs) {
        this.settings = s.requestRejected();
        this.runs = runs;
    }

    @Override
    public void onEvent(GatewayEvent e, IncidentSink sink) {
        boolean rejected = e.type() == EventType.REQUEST_REJECTED
                || (BY_REASON.contains(e.type()) && Texts.reasonIn(e.reason(), settings.reasons()));
        if (!rejected) return;
        Instant t = runs.timeOf(e);
        if (t == null) return;
        String run = runs.runOf(e);
        String provider = e.provider();
        String model = e.model();
        if (e.modelRef() == null) {
            // lane errors name no model: they are about the rung their run is on, not a second, label-less incident
            Run info = runs.run(run);
            if (info != null && info.model() != null) {
                provider = info.provider();
                model = info.model();
            }
        }
        String ref = provider != null && model != null ? provider + "/" + model : "a provider";
        StringBuilder summary = new StringBuilder(ref).append(" rejected the request");
        if (!Texts.blank(e.reason()) || e.status() > 0) {
            summary.append(" (").append(Texts.blank(e.reason()) ? "" : e.reason());
            if (e.status() > 0) summary.append(Texts.blank(e.reason()) ? "" : ", ").append(e.status());
            summary.append(')');
        }
        summary.append(" in ").append(Texts.shortRun(run));
        if (!Texts.blank(e.detail())) summary.append(": ").append(Texts.clip(e.detail(), 160));
        sink.signal(new Signal(IncidentType.REQUEST_REJECTED, Severity.WARNING,
                Labels.of("provider", provider, "model", model), Texts.runKey(run), summary.toString(),
                Texts.evidence(e), t));
    }
}
